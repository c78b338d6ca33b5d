package ai.synapses.transcribe.recognition;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Speech recognition settings. Kept apart from {@code transcribe.engine} (the domain's
 * {@code EngineSettings}, read by the API too) so that the API never has to know model paths.
 * <p>
 * A language is served when it has a model: English always (bundled), others when an operator names
 * an unpacked Vosk model directory, e.g. {@code transcribe.recognition.model-dirs.es=/opt/models/vosk-model-small-es-0.42}
 * (env {@code TRANSCRIBE_RECOGNITION_MODEL_DIRS_ES}). Also list the language in
 * {@code transcribe.engine.languages} so that submit accepts it. {@code model-dirs.en} replaces the
 * bundled English model (for a larger one).
 */
@ConfigMapping(prefix = "transcribe.recognition")
public interface RecognitionSettings {

    /** Unpacked Vosk model directories by language code (en, es, fr, de, ...). */
    Map<String, Path> modelDirs();

    /** Where the bundled English model is unpacked; default {@code ${java.io.tmpdir}/transcribe-models}. */
    Optional<Path> cacheDir();

    /** Recognition threads shared by all jobs; default one per available core. */
    OptionalInt threads();

    /** Aimed-at chunk length of long audio; audio up to 1.5 times this is one chunk. */
    @WithDefault("30")
    double chunkSeconds();

    /** How far either side of an aimed-at cut to look for the quietest moment. */
    @WithDefault("5")
    double silenceSearchSeconds();

    /** Length of the quiet moment a cut is placed in the middle of. */
    @WithDefault("250")
    int silenceWindowMillis();

    /** A gap between words at least this long starts a new utterance. */
    @WithDefault("700")
    long utterancePauseMillis();

    /**
     * At start-up, run a bundled clip through one recogniser per thread so the first job does not pay for
     * cold recognisers (about 4 times slower). Off in tests, which start many short-lived applications.
     */
    @WithDefault("true")
    boolean warmUp();
}
