package ai.synapses.transcribe.audioformat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synapses.transcribe.audioformat.Fixtures.Fixture;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every fixture of make-fixtures.sh: exact format, rate and channels; duration within 1% of the decoded truth. */
class AudioFormatReaderTest {

    private static final AudioFormatReader READER = new AudioFormatReader();
    private static final StringBuilder SUMMARY = new StringBuilder();

    static List<Fixture> positives() {
        return Fixtures.positives();
    }

    static List<Fixture> negatives() {
        return Fixtures.negatives();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("positives")
    void measuresEveryFixture(Fixture f) throws Exception {
        CountingAudioBytes bytes = new CountingAudioBytes(f.bytes());
        AudioMetadata m = READER.read(bytes);
        synchronized (SUMMARY) {
            SUMMARY.append(String.format(Locale.ROOT, "%-30s %-10s %-9s %6d %2d  %9.4f  %9.4f  %+6.2f%%  %-9s %5s %3d reads %7d B of %7d%n",
                    f.file(), m.format(), m.codec(), m.sampleRateHz(), m.channels(), m.durationSeconds(),
                    f.trueDuration(), 100 * (m.durationSeconds() - f.trueDuration()) / f.trueDuration(),
                    f.ffprobeDuration(), m.durationEstimated(), bytes.calls(), bytes.bytesRead(),
                    (long) f.bytes().length));
        }
        assertEquals(f.format(), m.format(), "format");
        assertEquals(f.codec(), m.codec(), "codec");
        assertEquals(f.sampleRate(), m.sampleRateHz(), "sample rate");
        assertEquals(f.channels(), m.channels(), "channels");
        assertEquals(f.bytes().length, m.sizeBytes(), "size");
        assertEquals(f.estimated(), m.durationEstimated(), "duration estimated");
        // 1% of the decoded sample count; a duration the reader itself flags as estimated gets 5%
        double tolerance = f.estimated() ? 0.05 : 0.01;
        assertEquals(f.trueDuration(), m.durationSeconds(), f.trueDuration() * tolerance,
                "duration vs the decoded sample count");
        assertTrue(m.bitrateKbps() > 0, "bitrate");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("negatives")
    void refusesWithTheRightCode(Fixture f) {
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> READER.read(new CountingAudioBytes(f.bytes())));
        synchronized (SUMMARY) {
            SUMMARY.append(String.format(Locale.ROOT, "%-30s %-26s %s%n", f.file(), e.code(), e.getMessage()));
        }
        assertEquals(f.expect(), e.code(), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wav-s16-mono-16k.wav", "wav-s16-stereo-44k.wav", "wav-f32-extensible-8k.wav",
            "wav-rf64-s24-stereo-8k.wav", "flac-16k-mono.flac", "flac-44k-stereo.flac", "m4a-aac-faststart.m4a"})
    void headerFormatsNeedOneSmallRead(String file) throws Exception {
        CountingAudioBytes bytes = new CountingAudioBytes(Fixtures.bytes(file));
        READER.read(bytes);
        assertTrue(bytes.calls() <= 2, "reads: " + bytes.reads());
        assertTrue(bytes.bytesRead() <= 128 * 1024, "bytes read: " + bytes.bytesRead());
    }

    @Test
    void m4aWithMoovAtTheEndSkipsTheAudio() throws Exception {
        byte[] file = Fixtures.bytes("m4a-aac-moov-at-end.m4a");
        CountingAudioBytes bytes = new CountingAudioBytes(file);
        READER.read(bytes);
        // only the first read may touch the start of mdat
        long mdatStart = Fixtures.mp4Box(file, "mdat").offset();
        long moovStart = Fixtures.mp4Box(file, "moov").offset();
        long mdatBytesRead = bytes.reads().stream()
                .mapToLong(r -> Math.max(0, Math.min(r.end(), moovStart) - Math.max(r.offset(), mdatStart)))
                .sum();
        assertTrue(mdatBytesRead <= SourceBytes.HEAD, "mdat bytes read: " + mdatBytesRead + " " + bytes.reads());
        assertTrue(bytes.bytesRead() < file.length / 2, "bytes read " + bytes.bytesRead() + " of " + file.length);
        assertTrue(bytes.calls() <= 3, "reads: " + bytes.reads());
    }

    @AfterAll
    static void printSummary() {
        System.out.println("\nfile                           format     codec       rate ch   measured      truth   error   ffprobe   est.");
        System.out.print(SUMMARY);
    }
}
