package ai.synapses.transcribe.audioformat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The files of {@code src/test/resources/audio} and their truth from {@code fixtures.tsv} (see make-fixtures.sh). */
final class Fixtures {

    /** One row of fixtures.tsv; for a negative, only {@code file} and {@code expect} (the error code) are set. */
    record Fixture(String file, String format, String codec, int sampleRate, int channels, double trueDuration,
                   String ffprobeDuration, boolean estimated, String expect) {

        boolean positive() {
            return expect.equals("ok");
        }

        byte[] bytes() {
            return Fixtures.bytes(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private Fixtures() {
    }

    static List<Fixture> all() {
        String tsv = new String(bytes("fixtures.tsv"), StandardCharsets.UTF_8);
        return tsv.lines().skip(1).filter(l -> !l.isBlank()).map(Fixtures::row).toList();
    }

    static List<Fixture> positives() {
        return all().stream().filter(Fixture::positive).toList();
    }

    static List<Fixture> negatives() {
        return all().stream().filter(f -> !f.positive()).toList();
    }

    static Fixture named(String file) {
        return all().stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow();
    }

    static byte[] bytes(String file) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/audio/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource audio/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Fixture row(String line) {
        String[] c = line.split("\t", -1);
        boolean ok = c[8].equals("ok");
        return new Fixture(c[0], c[1], c[2], ok ? Integer.parseInt(c[3]) : 0, ok ? Integer.parseInt(c[4]) : 0,
                ok ? Double.parseDouble(c[5]) : 0, c[6], Boolean.parseBoolean(c[7]), c[8]);
    }

    /** Where a top-level box of an MP4 fixture lies. */
    record Box(int offset, long size) {
        long end() {
            return offset + size;
        }
    }

    static Box mp4Box(byte[] mp4, String type) {
        for (int p = 0; p + 8 <= mp4.length; ) {
            long size = (mp4[p] & 0xFFL) << 24 | (mp4[p + 1] & 0xFF) << 16 | (mp4[p + 2] & 0xFF) << 8 | (mp4[p + 3] & 0xFF);
            if (new String(mp4, p + 4, 4, StandardCharsets.ISO_8859_1).equals(type)) {
                return new Box(p, size);
            }
            p += (int) size;
        }
        throw new IllegalArgumentException("no top-level " + type);
    }
}
