package ai.synapses.transcribe.recognition;

import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;

/**
 * A Vosk {@link Recognizer} reused for chunk after chunk. Reuse is what makes Vosk fast: the
 * recogniser composes the model's lookahead graph lazily and caches it (bounded inside Vosk), so a
 * fresh one decodes at about 0.2 x real time and a warm one at about 0.05 x.
 * <p>
 * Each chunk still starts clean: after its final result the next audio gets a new feature pipeline
 * (no speaker adaptation carries over from one chunk, or one customer, to the next). What does carry
 * over is Vosk's clock: it reports times from the first sample this recogniser was ever fed, so the
 * samples fed so far are counted here and taken off.
 */
final class WarmRecognizer implements AutoCloseable {

    private static final byte[] NO_AUDIO = new byte[2];

    private final Model model;
    private final Recognizer recognizer;
    private long samplesFed;

    WarmRecognizer(Model model) throws IOException {
        this.model = model;
        this.recognizer = new Recognizer(model, Pcm.SAMPLE_RATE);
        recognizer.setWords(true);
        recognizer.setPartialWords(false);
    }

    Model model() {
        return model;
    }

    /** Where Vosk's clock stands at the start of the next chunk, in seconds. */
    double clockSeconds() {
        return samplesFed / (double) Pcm.SAMPLE_RATE;
    }

    /** @return true at an endpoint (a pause Vosk detected): {@link #result()} then holds the finished segment */
    boolean accept(byte[] audio, int length) {
        samplesFed += length / Pcm.BYTES_PER_SAMPLE;
        return recognizer.acceptWaveForm(audio, length);
    }

    String result() {
        return recognizer.getResult();
    }

    /**
     * The rest of the chunk. Vosk only finalises a decoder that is running; right after an endpoint
     * it is not, and would carry its state into the next chunk. Accepting no audio restarts it, so
     * the final result always finalises and the next chunk starts afresh.
     */
    String finish(boolean atEndpoint) {
        if (atEndpoint) {
            recognizer.acceptWaveForm(NO_AUDIO, 0);
        }
        return recognizer.getFinalResult();
    }

    @Override
    public void close() {
        recognizer.close();
    }
}
