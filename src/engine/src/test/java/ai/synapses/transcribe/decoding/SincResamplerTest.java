package ai.synapses.transcribe.decoding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quality of {@link SincResampler} against analytic signals: a sine resampled to 16 kHz must equal the sine
 * sampled at 16 kHz (SNR), tones above 8 kHz must vanish (no aliasing), the pass band must be flat, and the
 * output must not depend on how the input was chunked.
 */
class SincResamplerTest {

    private static final double EDGE_SECONDS = 0.05; // the ends see the zeros outside the signal

    @ParameterizedTest(name = "{0} Hz -> 16 kHz, {1} Hz sine")
    @CsvSource({
            "44100, 1000, 120",
            "44100, 3000, 120",
            "44100, 7000, 100", // near the 7.2 kHz pass-band edge
            "48000, 1000, 120",
            "22050, 1000, 120",
            "8000,  1000, 115",
            "8000,  3500, 95",  // 0.875 of the input's Nyquist frequency
            "11025, 440,  110",
            "32000, 5000, 120",
            "96000, 1000, 120",
            "44101, 1000, 120", // 16000 phases: the interpolated table
    })
    void sineMatchesTheAnalyticSine(int rate, double hz, double minSnr) throws Exception {
        int n = rate * 2;
        float[] in = sine(rate, hz, 0.5, n);
        float[] out = resample(in, rate, 16000, 997);
        assertEquals((long) Math.ceil(n * 16000.0 / rate), out.length, "output length");
        double snr = snrAgainstSine(out, hz, 0.5);
        System.out.printf("%6d Hz -> 16 kHz  %5.0f Hz sine  SNR %6.1f dB  (%d taps)%n", rate, hz, snr, new SincResampler(rate, 16000).taps());
        assertTrue(snr >= minSnr, "SNR " + snr + " dB < " + minSnr);
    }

    @ParameterizedTest(name = "{0} Hz: a {1} Hz tone is removed")
    @CsvSource({
            "44100, 8000",
            "44100, 9000",
            "44100, 12000",
            "44100, 20000",
            "48000, 8500",
            "48000, 23000",
            "22050, 10000",
    })
    void tonesAboveEightKilohertzDoNotAlias(int rate, double hz) throws Exception {
        float[] in = sine(rate, hz, 0.5, rate);
        float[] out = resample(in, rate, 16000, 4096);
        double rms = rms(out, (int) (EDGE_SECONDS * 16000), out.length - (int) (EDGE_SECONDS * 16000));
        double db = 20 * Math.log10(rms / (0.5 / Math.sqrt(2)));
        System.out.printf("%6d Hz -> 16 kHz  %5.0f Hz tone  left at %6.1f dB%n", rate, hz, db);
        assertTrue(db < -95, hz + " Hz is only " + db + " dB down");
    }

    @Test
    void passBandIsFlatTo7200Hz() throws Exception {
        for (double hz = 100; hz <= 7200; hz += 100) {
            float[] out = resample(sine(44100, hz, 0.5, 44100), 44100, 16000, 4096);
            double rms = rms(out, 800, out.length - 800);
            double db = 20 * Math.log10(rms / (0.5 / Math.sqrt(2)));
            assertEquals(0, db, 0.01, hz + " Hz");
        }
    }

    @Test
    void chunkingDoesNotChangeTheOutput() throws Exception {
        Random random = new Random(7);
        float[] in = new float[50_000];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) random.nextGaussian() * 0.2f;
        }
        float[] whole = resample(in, 44100, 16000, in.length);
        float[] pieces = resample(in, 44100, 16000, 1);
        float[] odd = resample(in, 44100, 16000, 333);
        assertArrayEquals(whole, pieces);
        assertArrayEquals(whole, odd);
    }

    /** In {@code chunk}-sized pieces, flushed at the end. */
    static float[] resample(float[] in, int from, int to, int chunk) throws Exception {
        SincResampler r = new SincResampler(from, to);
        float[][] out = {new float[1024]};
        int[] size = {0};
        SincResampler.Output sink = (s, n) -> {
            if (size[0] + n > out[0].length) {
                out[0] = Arrays.copyOf(out[0], Math.max(size[0] + n, out[0].length * 2));
            }
            System.arraycopy(s, 0, out[0], size[0], n);
            size[0] += n;
        };
        for (int i = 0; i < in.length; i += chunk) {
            r.process(in, i, Math.min(chunk, in.length - i), sink);
        }
        r.flush(sink);
        return Arrays.copyOf(out[0], size[0]);
    }

    static float[] sine(int rate, double hz, double amplitude, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return s;
    }

    /** SNR of {@code out} (16 kHz) against the same sine sampled at 16 kHz, ends excluded. */
    static double snrAgainstSine(float[] out, double hz, double amplitude) {
        int edge = (int) (EDGE_SECONDS * 16000);
        double signal = 0;
        double noise = 0;
        for (int i = edge; i < out.length - edge; i++) {
            double ref = amplitude * Math.sin(2 * Math.PI * hz * i / 16000);
            signal += ref * ref;
            double d = out[i] - ref;
            noise += d * d;
        }
        return 10 * Math.log10(signal / noise);
    }

    static double rms(float[] s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) s[i] * s[i];
        }
        return Math.sqrt(sum / (to - from));
    }
}
