package ai.synapses.transcribe.audioformat;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.synapses.transcribe.audioformat.Fixtures.Fixture;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Truncated and corrupted copies of every fixture: the reader may answer with metadata or with an
 * {@link AudioFormatException}, but never with another exception, a hang, or a nonsensical result.
 */
class AudioFormatRobustnessTest {

    private static final AudioFormatReader READER = new AudioFormatReader();

    static List<Fixture> fixtures() {
        return Fixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void survivesTruncationAndCorruption(Fixture f) {
        byte[] original = f.bytes();
        Random random = new Random(f.file().hashCode());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int k = 0; k < 60; k++) {
                byte[] b;
                if (k < 20) {
                    b = java.util.Arrays.copyOf(original, original.length == 0 ? 0 : random.nextInt(original.length));
                } else {
                    b = original.clone();
                    int flips = 1 + random.nextInt(k < 40 ? 4 : 64);
                    for (int i = 0; i < flips && b.length > 0; i++) {
                        // mostly in the headers, where the parsers look
                        int at = random.nextInt(Math.min(b.length, k < 40 ? 256 : b.length));
                        b[at] = (byte) random.nextInt(256);
                    }
                }
                check(f, b);
            }
        });
    }

    private static void check(Fixture f, byte[] b) {
        try {
            AudioMetadata m = READER.read(new CountingAudioBytes(b));
            assertTrue(m.durationSeconds() > 0 && Double.isFinite(m.durationSeconds()), f + ": " + m);
            assertTrue(m.sampleRateHz() > 0 && m.channels() > 0, f + ": " + m);
        } catch (AudioFormatException expected) {
            assertTrue(expected.code().startsWith("audio_"), expected.code());
        } catch (Exception | AssertionError other) {
            throw new AssertionError(f + " (" + b.length + " bytes): " + other, other);
        }
    }
}
