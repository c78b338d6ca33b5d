package ai.synapses.transcribe.diarization;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Knobs of speaker diarization (env {@code TRANSCRIBE_DIARIZATION_...}). The defaults are what the
 * eval set ({@code ../shared/eval/diarization}) was measured with; see the README's "Speakers".
 */
@ConfigMapping(prefix = "transcribe.diarization")
public interface DiarizationSettings {

    /**
     * Weight of the BIC parameter penalty when the number of speakers is not given: higher finds fewer
     * speakers. On the eval set 2.0 to 2.5 gave the right count on every file; 1.75 split a speaker,
     * 3 merged two. Not used to stop when the job gives {@code speakers_expected_count}.
     */
    @WithDefault("" + SpeakerDiarizer.DEFAULT_BIC_PENALTY)
    double bicPenalty();

    /** Cost of a speaker change between two words in the word-level pass, in log-likelihood units. */
    @WithDefault("" + SpeakerDiarizer.DEFAULT_CHANGE_PENALTY)
    double changePenalty();
}
