package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The request's {@code speaker_analysis}: whether words get speakers, and how many the customer expects (null: unknown). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpeakerAnalysis(Boolean diarizationEnabled, Integer speakersExpectedCount) {

    public static final SpeakerAnalysis OFF = new SpeakerAnalysis(false, null);

    public boolean enabled() {
        return Boolean.TRUE.equals(diarizationEnabled);
    }
}
