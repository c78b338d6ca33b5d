package ai.synapses.transcribe.diarization;

/**
 * Mel-frequency cepstral coefficients of 25 ms frames of 16 kHz audio: the classic speaker-clustering
 * feature (what LIUM and Sphinx4's speaker clustering use). Hand-written because it is ~80 lines and
 * the Java audio libraries that have it are either not on Maven Central (TarsosDSP) or bring a whole
 * recogniser with them (Sphinx4).
 * <p>
 * No cepstral mean normalisation: the recording channel is part of what tells two speakers of a real
 * conversation apart, and a global mean shift does not change the distances the clustering uses.
 * Not thread-safe (it reuses its buffers); one instance per diarization.
 */
final class Mfcc {

    static final int SAMPLE_RATE = 16_000;
    /** 25 ms window every 10 ms: one feature frame per 10 ms of audio, the unit word times are given in. */
    static final int WINDOW = 400;
    static final int HOP = 160;
    static final int COEFFICIENTS = 13; // c1..c13; c0 (loudness) is left out: it says more about the microphone distance than the voice
    private static final int FFT = 512;
    private static final int FILTERS = 24;
    private static final double LOW_HZ = 64, HIGH_HZ = 7600;
    private static final double PRE_EMPHASIS = 0.97;

    private final double[] hamming = new double[WINDOW];
    private final double[][] filters = new double[FILTERS][FFT / 2 + 1];
    private final double[][] dct = new double[COEFFICIENTS][FILTERS];
    private final double[] re = new double[FFT];
    private final double[] im = new double[FFT];
    private final double[] power = new double[FFT / 2 + 1];
    private final double[] logMel = new double[FILTERS];

    Mfcc() {
        for (int n = 0; n < WINDOW; n++) {
            hamming[n] = 0.54 - 0.46 * Math.cos(2 * Math.PI * n / (WINDOW - 1));
        }
        double lowMel = mel(LOW_HZ), highMel = mel(HIGH_HZ);
        double[] edges = new double[FILTERS + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = hz(lowMel + (highMel - lowMel) * i / (FILTERS + 1)) * FFT / SAMPLE_RATE; // in bins
        }
        for (int f = 0; f < FILTERS; f++) {
            for (int bin = 0; bin <= FFT / 2; bin++) {
                double rising = (bin - edges[f]) / (edges[f + 1] - edges[f]);
                double falling = (edges[f + 2] - bin) / (edges[f + 2] - edges[f + 1]);
                filters[f][bin] = Math.max(0, Math.min(rising, falling));
            }
        }
        for (int k = 0; k < COEFFICIENTS; k++) {
            for (int f = 0; f < FILTERS; f++) {
                dct[k][f] = Math.sqrt(2.0 / FILTERS) * Math.cos(Math.PI * (k + 1) * (f + 0.5) / FILTERS);
            }
        }
    }

    /**
     * The coefficients of the frame starting at {@code offset} (WINDOW samples are read; the sample before
     * it, when there is one, feeds the pre-emphasis). Returns the frame's energy in dB (sum of squared
     * samples), which the caller uses to drop silent frames.
     */
    double frame(short[] samples, int offset, float[] out) {
        double energy = 0;
        double previous = offset > 0 ? samples[offset - 1] : samples[offset];
        for (int n = 0; n < WINDOW; n++) {
            double x = samples[offset + n];
            energy += x * x;
            re[n] = (x - PRE_EMPHASIS * previous) * hamming[n];
            previous = x;
        }
        java.util.Arrays.fill(re, WINDOW, FFT, 0);
        java.util.Arrays.fill(im, 0);
        fft(re, im);
        for (int bin = 0; bin <= FFT / 2; bin++) {
            power[bin] = re[bin] * re[bin] + im[bin] * im[bin];
        }
        for (int f = 0; f < FILTERS; f++) {
            double sum = 0;
            double[] weights = filters[f];
            for (int bin = 0; bin <= FFT / 2; bin++) {
                sum += weights[bin] * power[bin];
            }
            logMel[f] = Math.log(Math.max(sum, 1e-3));
        }
        for (int k = 0; k < COEFFICIENTS; k++) {
            double sum = 0;
            for (int f = 0; f < FILTERS; f++) {
                sum += dct[k][f] * logMel[f];
            }
            out[k] = (float) sum;
        }
        return 10 * Math.log10(energy + 1);
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /** In-place iterative radix-2 FFT; the length is a power of two. */
    static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int length = 2; length <= n; length <<= 1) {
            double angle = -2 * Math.PI / length;
            double wRe = Math.cos(angle), wIm = Math.sin(angle);
            for (int start = 0; start < n; start += length) {
                double curRe = 1, curIm = 0;
                for (int k = 0; k < length / 2; k++) {
                    int a = start + k, b = a + length / 2;
                    double tRe = re[b] * curRe - im[b] * curIm;
                    double tIm = re[b] * curIm + im[b] * curRe;
                    re[b] = re[a] - tRe;
                    im[b] = im[a] - tIm;
                    re[a] += tRe;
                    im[a] += tIm;
                    double next = curRe * wRe - curIm * wIm;
                    curIm = curRe * wIm + curIm * wRe;
                    curRe = next;
                }
            }
        }
    }
}
