package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One recognised word. Times are milliseconds from the start of the audio; {@code confidence} is the
 * recogniser's posterior in [0, 1]. {@code speaker} stays null, and out of the JSON, until diarization
 * labels it.
 * <p>
 * {@code text} is the word as it was said (lower case, as the recogniser writes it). With written text
 * (punctuation or formatting asked for), {@code written} is the written token of the transcript's
 * {@code text} this word belongs to, and {@code token} that token's position in {@code text} split at
 * spaces: "ten thousand and one dollars" are five words and one token, {@code $10,001}, which all five
 * name. Both are null, and left out, without written text.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Word(String text, long start, long end, double confidence, String speaker, String written,
        Integer token) {

    public Word(String text, long start, long end, double confidence, String speaker) {
        this(text, start, end, confidence, speaker, null, null);
    }

    public Word(String text, long start, long end, double confidence) {
        this(text, start, end, confidence, null, null, null);
    }

    /** The same word, belonging to the written token {@code written} at position {@code token}. */
    public Word withWritten(String written, int token) {
        return new Word(text, start, end, confidence, speaker, written, token);
    }

    /** The same word without its written token. */
    public Word spoken() {
        return written == null && token == null ? this : new Word(text, start, end, confidence, speaker);
    }
}
