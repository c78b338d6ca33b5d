package ai.synapses.transcribe.decoding;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The end of the Java decoding pipeline: takes mono float samples (full scale ±1.0) at the source rate,
 * resamples them to 16 kHz with {@link SincResampler} (not at all when the source is 16 kHz), rounds to
 * signed 16-bit little-endian and writes them to the PCM file through a fixed buffer. Enforces the
 * maximum duration and the decode deadline as it goes. The source rate may change between calls
 * (chained Ogg streams): the previous resampler is flushed first.
 */
final class PcmSink implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final Path path;
    private final OutputStream out;
    private final long maxSamples;
    private final double maxSeconds;
    private final long deadlineNanos;
    private final byte[] bytes = new byte[BUFFER];
    private final SincResampler.Output write = this::writeOutput;
    private int fill;
    private long samples;
    private SincResampler resampler;
    private int rate;
    private float[] mono = new float[4096];

    PcmSink(Path path, long maxSamples, double maxSeconds, long deadlineNanos) throws IOException {
        this.path = path;
        this.out = Files.newOutputStream(path);
        this.maxSamples = maxSamples;
        this.maxSeconds = maxSeconds;
        this.deadlineNanos = deadlineNanos;
    }

    /** Sets the sample rate of what follows. */
    void rate(int sourceRate) throws IOException {
        if (sourceRate <= 0) {
            throw new IOException("invalid sample rate " + sourceRate);
        }
        if (sourceRate == rate) {
            return;
        }
        if (resampler != null) {
            resampler.flush(write);
        }
        rate = sourceRate;
        resampler = sourceRate == DecodedAudio.SAMPLE_RATE ? null : new SincResampler(sourceRate, DecodedAudio.SAMPLE_RATE);
    }

    /** A scratch array of at least {@code n} floats for a decoder to downmix into (reused). */
    float[] scratch(int n) {
        if (mono.length < n) {
            mono = new float[Math.max(n, mono.length * 2)];
        }
        return mono;
    }

    /** {@code n} mono samples at the current rate. */
    void write(float[] samples, int n) throws IOException {
        if (rate == 0) {
            throw new IllegalStateException("rate not set");
        }
        if (resampler == null) {
            writeOutput(samples, n);
        } else {
            resampler.process(samples, 0, n, write);
        }
    }

    /** Flushes and closes; returns the result (the file stays). */
    DecodedAudio finish() throws IOException {
        if (resampler != null) {
            resampler.flush(write);
        }
        drain();
        out.close();
        return new DecodedAudio(path, samples);
    }

    long samplesWritten() {
        return samples;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void writeOutput(float[] s, int n) throws IOException {
        if (samples + n > maxSamples) {
            throw new LimitExceeded(AudioProcessingException.tooLong(maxSeconds));
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new LimitExceeded(AudioProcessingException.decodeFailed(
                    "decoding took longer than the decode time-out", null));
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new java.io.InterruptedIOException("decoding interrupted");
        }
        for (int i = 0; i < n; i++) {
            if (fill == BUFFER) {
                drain();
            }
            float v = s[i] * 32768f;
            int q = v >= 32767f ? 32767 : v <= -32768f ? -32768 : Math.round(v);
            bytes[fill] = (byte) q;
            bytes[fill + 1] = (byte) (q >> 8);
            fill += 2;
        }
        samples += n;
    }

    private void drain() throws IOException {
        if (fill > 0) {
            out.write(bytes, 0, fill);
            fill = 0;
        }
    }

    /** Carries a limit through the resampler's IOException-only callback; unwrapped by the decoder. */
    static final class LimitExceeded extends IOException {
        private static final long serialVersionUID = 1L;
        private final AudioProcessingException failure;

        LimitExceeded(AudioProcessingException failure) {
            super(failure.getMessage());
            this.failure = failure;
        }

        AudioProcessingException failure() {
            return failure;
        }
    }
}
