package ai.synapses.transcribe.recognition;

/**
 * One recognised word. Times are milliseconds from the start of the audio; {@code confidence} is the
 * recogniser's posterior in [0, 1]. {@code speaker} stays null until diarization labels it.
 */
public record Word(String text, long start, long end, double confidence, String speaker) {

    public Word(String text, long start, long end, double confidence) {
        this(text, start, end, confidence, null);
    }
}
