package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.decoding.AudioDecoders;
import ai.synapses.transcribe.transcript.EngineSettings;
import ai.synapses.transcribe.recognition.SpeechModels;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;

/**
 * The submit accepts the formats and languages of {@code transcribe.engine.*}; a worker that could not
 * honour them would fail jobs the API already charged for. So a worker refuses to start instead.
 */
@ApplicationScoped
public class DeploymentCheck {

    void verify(@Observes StartupEvent event, EngineSettings engine, AudioDecoders decoders, SpeechModels models) {
        List<String> missing = new ArrayList<>();
        for (String format : engine.formats()) {
            if (!decoders.decodableFormats().contains(format)) {
                missing.add("format " + format + (format.equals("m4a") ? " (needs ffmpeg)" : ""));
            }
        }
        for (String language : engine.languages()) {
            if (!models.languages().contains(language)) {
                missing.add("language " + language + " (set transcribe.recognition.model-dirs." + language + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("this worker cannot serve what transcribe.engine promises: " + String.join(", ", missing)
                    + "; it decodes " + decoders.decodableFormats() + " and has models for " + models.languages());
        }
    }
}
