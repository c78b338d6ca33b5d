package ai.synapses.transcribe.recognition;

/**
 * The knobs of {@link SpeechRecognizer}, as plain values so that code without CDI (the Lambda handler,
 * tests, the benchmark) can build one.
 *
 * @param threads               recognition threads shared by all jobs of the process
 * @param chunkSeconds          aimed-at chunk length; audio up to 1.5 times this is one chunk
 * @param silenceSearchSeconds  how far either side of the aimed-at cut to look for the quietest moment
 * @param silenceWindowMillis   length of the quiet moment looked for
 * @param utterancePauseMillis  a gap between words at least this long starts a new utterance
 */
public record RecognitionTuning(int threads, double chunkSeconds, double silenceSearchSeconds,
                                int silenceWindowMillis, long utterancePauseMillis) {

    public static final double DEFAULT_CHUNK_SECONDS = 30;
    public static final double DEFAULT_SILENCE_SEARCH_SECONDS = 5;
    public static final int DEFAULT_SILENCE_WINDOW_MILLIS = 250;
    public static final long DEFAULT_UTTERANCE_PAUSE_MILLIS = 700;

    public RecognitionTuning {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (silenceWindowMillis < 10) {
            throw new IllegalArgumentException("silence window must be at least 10 ms, was " + silenceWindowMillis);
        }
        // Cuts must move forward and leave room for the window: a search reaching back to the previous
        // cut could produce an empty chunk.
        if (chunkSeconds < 2 || silenceSearchSeconds < 0 || silenceSearchSeconds * 2 >= chunkSeconds) {
            throw new IllegalArgumentException("need chunk seconds >= 2 and search seconds < chunk seconds / 2, was "
                    + chunkSeconds + " / " + silenceSearchSeconds);
        }
        if (utterancePauseMillis < 0) {
            throw new IllegalArgumentException("utterance pause must not be negative");
        }
    }

    /** One thread per core: Vosk decoding is CPU-bound, more threads would only contend. */
    public static RecognitionTuning defaults() {
        return new RecognitionTuning(Runtime.getRuntime().availableProcessors(), DEFAULT_CHUNK_SECONDS,
                DEFAULT_SILENCE_SEARCH_SECONDS, DEFAULT_SILENCE_WINDOW_MILLIS, DEFAULT_UTTERANCE_PAUSE_MILLIS);
    }

    public RecognitionTuning withThreads(int threads) {
        return new RecognitionTuning(threads, chunkSeconds, silenceSearchSeconds, silenceWindowMillis,
                utterancePauseMillis);
    }

    public static RecognitionTuning from(RecognitionSettings settings) {
        return new RecognitionTuning(settings.threads().orElse(Runtime.getRuntime().availableProcessors()),
                settings.chunkSeconds(), settings.silenceSearchSeconds(), settings.silenceWindowMillis(),
                settings.utterancePauseMillis());
    }
}
