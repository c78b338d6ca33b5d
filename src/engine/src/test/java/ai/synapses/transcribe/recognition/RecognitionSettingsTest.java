package ai.synapses.transcribe.recognition;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecognitionSettingsTest {

    @Test
    void defaultsNeedNoConfiguration() {
        RecognitionSettings settings = settings(Map.of());

        assertTrue(settings.modelDirs().isEmpty());
        assertTrue(settings.cacheDir().isEmpty());
        RecognitionTuning tuning = RecognitionTuning.from(settings);
        assertEquals(RecognitionTuning.defaults(), tuning);
    }

    @Test
    void operatorsNameModelDirectoriesPerLanguage() {
        RecognitionSettings settings = settings(Map.of(
                "transcribe.recognition.model-dirs.es", "/opt/models/vosk-es",
                "transcribe.recognition.model-dirs.fr", "/opt/models/vosk-fr",
                "transcribe.recognition.threads", "1",
                "transcribe.recognition.chunk-seconds", "20",
                "transcribe.recognition.utterance-pause-millis", "500"));

        assertEquals(Map.of("es", Path.of("/opt/models/vosk-es"), "fr", Path.of("/opt/models/vosk-fr")),
                settings.modelDirs());
        RecognitionTuning tuning = RecognitionTuning.from(settings);
        assertEquals(1, tuning.threads());
        assertEquals(20.0, tuning.chunkSeconds());
        assertEquals(500, tuning.utterancePauseMillis());
    }

    private static RecognitionSettings settings(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDiscoveredConverters()
                .withSources(new MapBackedConfigSource("test", properties) {
                })
                .withMapping(RecognitionSettings.class)
                .build();
        return config.getConfigMapping(RecognitionSettings.class);
    }
}
