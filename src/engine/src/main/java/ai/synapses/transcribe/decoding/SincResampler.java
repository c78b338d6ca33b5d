package ai.synapses.transcribe.decoding;

import java.io.IOException;

/**
 * Band-limited sample-rate conversion of one channel, streaming: a Kaiser-windowed sinc low-pass evaluated
 * as a polyphase filter at the exact rational ratio {@code out/in = up/down}. Output sample {@code k} lies
 * at input time {@code k * in/out} (zero phase: no delay), and the output has
 * {@code ceil(inputSamples * out / in)} samples, those whose time falls inside the input.
 *
 * <p>Design: flat to {@value #PASSBAND} of the lower Nyquist frequency (7.2 kHz when going to 16 kHz),
 * at least {@value #STOPBAND_DB} dB down from that Nyquist frequency on (nothing aliases into the band);
 * each phase is normalised to unit DC gain. For 44.1 kHz to 16 kHz that is 355 taps per output sample.
 * Ratios with more than {@value #MAX_EXACT_PHASES} phases (odd rates) interpolate linearly between
 * {@value #INTERPOLATED_PHASES} tabulated phases.
 *
 * <p>Memory: the phase table (~230 KB at 44.1 kHz) plus a small input window, whatever the length.
 * Not thread-safe.
 */
final class SincResampler {

    /** Receives output samples; the array is reused after the call returns. */
    interface Output {
        void write(float[] samples, int count) throws IOException;
    }

    static final double PASSBAND = 0.90;
    static final double STOPBAND_DB = 100;
    static final int MAX_EXACT_PHASES = 2048;
    static final int INTERPOLATED_PHASES = 1024;
    private static final int BLOCK = 4096;

    private final int inRate;
    private final int outRate;
    private final long up;
    private final long down;
    private final int half;
    private final int taps;
    private final boolean exact;
    private final float[] table;
    private final float[] interpolated;

    private final float[] out = new float[BLOCK];
    private int outFill;
    /** Input samples from absolute index {@code bufStart}. */
    private float[] buf;
    private long bufStart;
    private int bufLen;
    private long inCount;
    private long outCount;
    private boolean flushed;

    SincResampler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive");
        }
        this.inRate = inRate;
        this.outRate = outRate;
        long g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        double lower = Math.min(inRate, outRate) / 2.0;
        double pass = PASSBAND * lower;
        double cutoff = (pass + lower) / 2; // transition band centred between pass edge and Nyquist
        double fc = 2 * cutoff / inRate; // in cycles per input sample, times 2
        double deltaOmega = 2 * Math.PI * (lower - pass) / inRate;
        int order = (int) Math.ceil((STOPBAND_DB - 7.95) / (2.285 * deltaOmega));
        this.half = order / 2 + 1;
        this.taps = 2 * half;
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        this.exact = up <= MAX_EXACT_PHASES;
        int rows = exact ? (int) up : INTERPOLATED_PHASES + 1;
        this.table = new float[rows * taps];
        double i0Beta = besselI0(beta);
        for (int r = 0; r < rows; r++) {
            double frac = exact ? r / (double) up : r / (double) INTERPOLATED_PHASES;
            double sum = 0;
            double[] row = new double[taps];
            for (int j = 0; j < taps; j++) {
                double x = frac + half - 1 - j; // output time minus input index, in input samples
                double w = x / half;
                double window = Math.abs(w) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - w * w)) / i0Beta;
                row[j] = fc * sinc(fc * x) * window;
                sum += row[j];
            }
            for (int j = 0; j < taps; j++) {
                table[r * taps + j] = (float) (row[j] / sum);
            }
        }
        this.interpolated = exact ? null : new float[taps];
        this.buf = new float[Math.max(2 * BLOCK, 4 * taps)];
        // Zeros before the first sample, so the first outputs see silence on their left.
        this.bufStart = -half;
        this.bufLen = half;
    }

    int inRate() {
        return inRate;
    }

    int outRate() {
        return outRate;
    }

    /** Taps per output sample (filter length in input samples). */
    int taps() {
        return taps;
    }

    /** Feeds {@code count} input samples; writes the outputs they complete. */
    void process(float[] in, int offset, int count, Output sink) throws IOException {
        if (flushed) {
            throw new IllegalStateException("already flushed");
        }
        int done = 0;
        while (done < count) {
            makeRoom();
            int n = Math.min(count - done, buf.length - bufLen);
            System.arraycopy(in, offset + done, buf, bufLen, n);
            bufLen += n;
            inCount += n;
            done += n;
            produce(Long.MAX_VALUE, sink);
        }
        emit(sink);
    }

    /** Ends the input: writes the remaining outputs (zeros after the last sample). */
    void flush(Output sink) throws IOException {
        if (flushed) {
            return;
        }
        flushed = true;
        long target = ceilDiv(inCount * up, down);
        for (int zeros = half + 1; zeros > 0; ) {
            makeRoom();
            int n = Math.min(zeros, buf.length - bufLen);
            java.util.Arrays.fill(buf, bufLen, bufLen + n, 0f);
            bufLen += n;
            zeros -= n;
            produce(target, sink);
        }
        emit(sink);
    }

    /** Output samples written so far. */
    long outputCount() {
        return outCount;
    }

    private void produce(long limit, Output sink) throws IOException {
        long end = bufStart + bufLen;
        while (outCount < limit) {
            long pos = outCount * down;
            long n0 = pos / up;
            if (n0 + half >= end) {
                return;
            }
            int p = (int) (pos - n0 * up);
            int at = (int) (n0 - half + 1 - bufStart);
            float[] coefficients;
            int base;
            if (exact) {
                coefficients = table;
                base = p * taps;
            } else {
                double phase = p * (double) INTERPOLATED_PHASES / up;
                int r = (int) phase;
                float w = (float) (phase - r);
                int r0 = r * taps;
                int r1 = r0 + taps;
                for (int j = 0; j < taps; j++) {
                    float c0 = table[r0 + j];
                    interpolated[j] = c0 + w * (table[r1 + j] - c0);
                }
                coefficients = interpolated;
                base = 0;
            }
            out[outFill++] = dot(buf, at, coefficients, base, taps);
            outCount++;
            if (outFill == out.length) {
                emit(sink);
            }
        }
    }

    private static float dot(float[] x, int xi, float[] h, int hi, int n) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            a0 += x[xi + j] * h[hi + j];
            a1 += x[xi + j + 1] * h[hi + j + 1];
            a2 += x[xi + j + 2] * h[hi + j + 2];
            a3 += x[xi + j + 3] * h[hi + j + 3];
        }
        for (; j < n; j++) {
            a0 += x[xi + j] * h[hi + j];
        }
        return (a0 + a1) + (a2 + a3);
    }

    private void emit(Output sink) throws IOException {
        if (outFill > 0) {
            sink.write(out, outFill);
            outFill = 0;
        }
    }

    /** Drops input no future output needs, so there is room to append. */
    private void makeRoom() {
        if (bufLen < buf.length) {
            return;
        }
        long needed = (outCount * down) / up - half + 1;
        int drop = (int) Math.max(0, Math.min(bufLen, needed - bufStart));
        if (drop == 0) {
            buf = java.util.Arrays.copyOf(buf, buf.length * 2); // cannot happen with the sizes above; be safe
            return;
        }
        System.arraycopy(buf, drop, buf, 0, bufLen - drop);
        bufLen -= drop;
        bufStart += drop;
    }

    private static double sinc(double x) {
        if (Math.abs(x) < 1e-12) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0 (series). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
