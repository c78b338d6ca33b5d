package ai.synapses.transcribe.decoding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The audio fixtures of the audio-format module ({@code src/audio-format/src/test/resources/audio}, made by its
 * {@code make-fixtures.sh} with ffmpeg) and their truth table {@code fixtures.tsv}, read in place; plus helpers
 * shared by the decoding tests.
 */
final class DecodingFixtures {

    /** One positive row of fixtures.tsv. */
    record Fixture(String file, String format, String codec, int sampleRate, int channels, double trueDuration) {
        Path path() {
            return dir().resolve(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    /** A negative row: the file and the probe's error code. */
    record Negative(String file, String expect) {
        Path path() {
            return dir().resolve(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static final String NO_FFMPEG = "ffmpeg not found on the PATH: the ffmpeg-path tests are skipped (install ffmpeg to run them)";
    private static final Optional<FfmpegDecoder> FFMPEG = FfmpegDecoder.find(Optional.empty());

    static {
        System.out.println(FFMPEG.map(f -> "decoding tests: both paths, " + f).orElse("decoding tests: " + NO_FFMPEG));
    }

    private DecodingFixtures() {
    }

    static Path dir() {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = base.resolve("../audio-format/src/test/resources/audio").normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the audio fixtures are not at " + dir + " (run the tests from src/engine)");
        }
        return dir;
    }

    static List<String> rows() {
        try {
            return Files.readAllLines(dir().resolve("fixtures.tsv")).stream().skip(1).filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Fixture> positives() {
        return rows().stream().map(l -> l.split("\t", -1)).filter(c -> c[8].equals("ok"))
                .map(c -> new Fixture(c[0], c[1], c[2], Integer.parseInt(c[3]), Integer.parseInt(c[4]), Double.parseDouble(c[5])))
                .toList();
    }

    static List<Negative> negatives() {
        return rows().stream().map(l -> l.split("\t", -1)).filter(c -> !c[8].equals("ok"))
                .map(c -> new Negative(c[0], c[8])).toList();
    }

    static Fixture named(String file) {
        return positives().stream().filter(f -> f.file().equals(file)).findFirst().orElseThrow();
    }

    /** ffmpeg on the PATH, found once. */
    static Optional<FfmpegDecoder> ffmpeg() {
        return FFMPEG;
    }


    /** Pure-Java decoding into {@code temp}. */
    static AudioDecoders javaDecoders(Path temp) {
        return new AudioDecoders(DecodingOptions.defaults().withoutFfmpeg().withTempDir(temp), null);
    }

    /** ffmpeg decoding into {@code temp} (the ffmpeg found once; callers assume it is there). */
    static AudioDecoders ffmpegDecoders(Path temp) {
        return new AudioDecoders(DecodingOptions.defaults().withTempDir(temp), FFMPEG.orElseThrow());
    }

    /** The 16-bit samples of a raw s16le file. */
    static short[] samples(Path pcm) {
        try {
            byte[] bytes = Files.readAllBytes(pcm);
            short[] s = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
