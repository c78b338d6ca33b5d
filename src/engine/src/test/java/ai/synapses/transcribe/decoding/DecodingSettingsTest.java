package ai.synapses.transcribe.decoding;

import ai.synapses.transcribe.transcript.EngineSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The {@code transcribe.decoding} mapping, with the engine's longest audio ({@code transcribe.engine.max-duration},
 * the limit the submit applies too): its defaults are {@link DecodingOptions#defaults()}, and overrides arrive.
 */
class DecodingSettingsTest {

    private static DecodingOptions options(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(DecodingSettings.class)
                .withMapping(EngineSettings.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return DecodingOptions.of(config.getConfigMapping(DecodingSettings.class), config.getConfigMapping(EngineSettings.class));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        DecodingOptions options = options(Map.of());
        assertEquals(DecodingOptions.defaults(), options);
        assertEquals(1L << 30, options.maxDownloadBytes());
        assertEquals(Duration.ofHours(4), options.maxDuration());
        assertEquals(4 * 3600 * 16000L, options.maxSamples());
    }

    @Test
    void overrides() {
        DecodingOptions options = options(Map.of(
                "transcribe.decoding.ffmpeg-enabled", "false",
                "transcribe.decoding.ffmpeg-path", "/opt/ffmpeg/bin/ffmpeg",
                "transcribe.decoding.max-download-bytes", "5000000",
                "transcribe.engine.max-duration", "90m",
                "transcribe.decoding.download-timeout", "2m",
                "transcribe.decoding.decode-timeout", "PT5M",
                "transcribe.decoding.temp-dir", "/var/tmp/transcribe"));
        assertFalse(options.ffmpegEnabled());
        assertEquals(Optional.of(Path.of("/opt/ffmpeg/bin/ffmpeg")), options.ffmpegPath());
        assertEquals(5_000_000, options.maxDownloadBytes());
        assertEquals(Duration.ofMinutes(90), options.maxDuration());
        assertEquals(Duration.ofMinutes(2), options.downloadTimeout());
        assertEquals(Duration.ofMinutes(5), options.decodeTimeout());
        assertEquals(Path.of("/var/tmp/transcribe"), options.tempDir());
    }
}
