package ai.synapses.transcribe.decoding;

import ai.synapses.transcribe.decoding.DecodingFixtures.Fixture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every positive fixture of the probe decodes, on each path, to a duration within 1% of its true decoded
 * duration (fixtures.tsv); on the Java path M4A/AAC is refused with {@code audio_format_not_decodable}.
 */
class FixtureDurationTest {

    @TempDir
    Path temp;

    static List<Fixture> fixtures() {
        return DecodingFixtures.positives();
    }

    @ParameterizedTest(name = "java {0}")
    @MethodSource("fixtures")
    void javaPathDecodesEveryFormatButM4a(Fixture f) throws Exception {
        AudioDecoders decoders = DecodingFixtures.javaDecoders(temp);
        if (f.format().equals("m4a")) {
            AudioProcessingException e = assertThrows(AudioProcessingException.class, () -> decoders.decode(f.path()));
            assertEquals(AudioProcessingException.NOT_DECODABLE, e.code());
            assertTrue(e.getMessage().contains("M4A/AAC"), e.getMessage());
            assertEquals(0, count(temp), "nothing left behind");
            return;
        }
        check(decoders, f);
    }

    @ParameterizedTest(name = "ffmpeg {0}")
    @MethodSource("fixtures")
    void ffmpegPathDecodesEveryFormat(Fixture f) throws Exception {
        Assumptions.assumeTrue(DecodingFixtures.ffmpeg().isPresent(), DecodingFixtures.NO_FFMPEG);
        AudioDecoders decoders = DecodingFixtures.ffmpegDecoders(temp);
        assertEquals("ffmpeg", decoders.decoder().name());
        check(decoders, f);
    }

    private void check(AudioDecoders decoders, Fixture f) throws Exception {
        try (DecodedAudio audio = decoders.decode(f.path(), f.format())) {
            double error = (audio.durationSeconds() - f.trueDuration()) / f.trueDuration();
            System.out.printf("%-7s %-30s true %9.6f s  decoded %9.6f s  (%+.3f%%, %+d samples at 16 kHz)%n",
                    decoders.decoder().name(), f.file(), f.trueDuration(), audio.durationSeconds(), 100 * error,
                    audio.samples() - Math.round(f.trueDuration() * 16000));
            assertEquals(audio.samples() * 2, Files.size(audio.pcm()), "16-bit mono");
            assertEquals(audio.samples() / 16000.0, audio.durationSeconds(), 0.0);
            assertTrue(Math.abs(error) <= 0.01, f.file() + ": decoded " + audio.durationSeconds() + " s, true " + f.trueDuration() + " s");
        }
        assertEquals(0, count(temp), "the PCM file is deleted by close()");
    }

    private static long count(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }
}
