package ai.synapses.transcribe.transcript;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The speech engine this deployment runs, and the languages it has models for. */
@ConfigMapping(prefix = "transcribe.engine")
public interface EngineSettings {

    /** The languages the contract names; a deployment serves those it has a model for. */
    Set<String> CONTRACT_LANGUAGES = Set.of("en", "es", "fr", "de");

    @WithDefault("fvt-1")
    String modelKey();

    /** Languages with an installed model. English ships with the build; others need a model directory. */
    @WithDefault("en")
    List<String> languages();

    /**
     * Audio formats (the probe's names) the workers can decode: without ffmpeg every format but m4a,
     * which needs ffmpeg (the container images ship it and add m4a). A submit of anything else is refused.
     */
    @WithDefault("wav,mp3,flac,ogg_vorbis,opus")
    List<String> formats();

    /**
     * The longest audio transcribed. The submit refuses longer audio before anything is charged, and the
     * worker stops decoding there: one setting, so nothing is accepted that a worker would refuse.
     */
    @WithDefault("4h")
    Duration maxDuration();

    /** The shortest audio transcribed: anything shorter holds no word, and the submit refuses it. */
    @WithDefault("100ms")
    Duration minDuration();
}
