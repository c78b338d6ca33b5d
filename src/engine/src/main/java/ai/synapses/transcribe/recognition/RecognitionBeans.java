package ai.synapses.transcribe.recognition;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * CDI wiring of the engine from {@link RecognitionSettings}. {@code @Singleton} rather than
 * {@code @ApplicationScoped} products: these classes need no client proxy, and stay constructible by
 * plain code (the Lambda handler, tests) with their public constructors.
 */
@ApplicationScoped
public class RecognitionBeans {

    /** Not closed on shutdown: a chunk may still be finishing, and process exit frees native memory anyway. */
    @Produces
    @Singleton
    SpeechModels speechModels(RecognitionSettings settings) {
        return new SpeechModels(settings.modelDirs(), settings.cacheDir().orElse(SpeechModels.defaultCacheDir()));
    }

    @Produces
    @Singleton
    SpeechRecognizer speechRecognizer(SpeechModels models, RecognitionSettings settings) {
        return new SpeechRecognizer(models, RecognitionTuning.from(settings));
    }

    void stop(@Disposes SpeechRecognizer recognizer) {
        recognizer.close();
    }
}
