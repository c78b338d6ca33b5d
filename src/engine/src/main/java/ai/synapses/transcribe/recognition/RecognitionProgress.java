package ai.synapses.transcribe.recognition;

/**
 * Told how far a transcription has got, in percent, as its chunks finish. Calls never go backwards,
 * never repeat a value and end with 100 (a short file, one chunk, reports only 100). They come from the
 * recognition pool's threads, one at a time: keep the callback short (hand anything slow, such as a
 * database write, to another thread).
 */
@FunctionalInterface
public interface RecognitionProgress {

    RecognitionProgress NONE = percent -> { };

    void percent(int percent);
}
