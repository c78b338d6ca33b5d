package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One recognised word. Times are milliseconds from the start of the audio; {@code confidence} is the
 * recogniser's posterior in [0, 1]. {@code speaker} stays null, and out of the JSON, until diarization
 * labels it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Word(String text, long start, long end, double confidence, String speaker) {

    public Word(String text, long start, long end, double confidence) {
        this(text, start, end, confidence, null);
    }
}
