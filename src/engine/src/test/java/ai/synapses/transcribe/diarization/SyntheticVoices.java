package ai.synapses.transcribe.diarization;

import ai.synapses.transcribe.transcript.Word;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two made-up voices for tests that must run without the eval data: a jittered glottal pulse train
 * through vowel formants (a source-filter voice), one low and dark, one high and bright. "Words" are
 * 300 ms vowels with 100 ms pauses; each word carries its true voice as its speaker, so a test can
 * score the diarizer against it.
 */
final class SyntheticVoices {

    record Voice(String name, double pitchHz, double formantScale, double tilt) {
    }

    static final Voice LOW = new Voice("low", 105, 1.0, 0.9);
    static final Voice HIGH = new Voice("high", 215, 1.22, 0.3);
    static final Voice MIDDLE = new Voice("middle", 150, 1.1, 0.6);
    private static final double[][] VOWELS = {{730, 1090}, {270, 2290}, {530, 1840}, {300, 870}, {640, 1190}};

    private final Random random = new Random(42);
    private final List<Word> words = new ArrayList<>();
    private final ByteBuffer pcm = ByteBuffer.allocate(16_000 * 2 * 120).order(ByteOrder.LITTLE_ENDIAN);

    /** Appends a turn of {@code seconds} of words by {@code voice}, then 0.5 s of quiet. */
    SyntheticVoices turn(Voice voice, double seconds) {
        long end = millis() + Math.round(seconds * 1000);
        while (millis() + 300 <= end) {
            long start = millis();
            vowel(voice, VOWELS[random.nextInt(VOWELS.length)], 4800);
            words.add(new Word("w" + words.size(), start, millis(), 0.9, voice.name()));
            quiet(1600);
        }
        quiet(8000);
        return this;
    }

    List<Word> words() {
        return words;
    }

    /** The words without their true speakers, as the recogniser gives them. */
    List<Word> unlabelled() {
        return words.stream().map(w -> new Word(w.text(), w.start(), w.end(), w.confidence())).toList();
    }

    Path write(Path file) throws IOException {
        byte[] bytes = new byte[pcm.position()];
        pcm.duplicate().flip().get(bytes);
        return Files.write(file, bytes);
    }

    private long millis() {
        return pcm.position() / 32;
    }

    private void vowel(Voice voice, double[] formants, int samples) {
        double[][] resonators = new double[formants.length][];
        for (int i = 0; i < formants.length; i++) {
            resonators[i] = resonator(formants[i] * voice.formantScale() * (0.95 + 0.1 * random.nextDouble()), 90);
        }
        double[][] state = new double[formants.length][2];
        double phase = 0, tilted = 0;
        for (int n = 0; n < samples; n++) {
            phase += voice.pitchHz() * (1 + 0.02 * random.nextGaussian()) / 16_000;
            double source = 0;
            if (phase >= 1) {
                phase -= 1;
                source = 1;
            }
            tilted = source + voice.tilt() * tilted; // spectral tilt: how dark the voice is
            double y = 0;
            for (int i = 0; i < resonators.length; i++) {
                double[] r = resonators[i];
                double out = r[0] * tilted + r[1] * state[i][0] + r[2] * state[i][1];
                state[i][1] = state[i][0];
                state[i][0] = out;
                y += out;
            }
            double envelope = Math.sin(Math.PI * n / samples);
            sample(y * 1500 * envelope + 30 * random.nextGaussian());
        }
    }

    private void quiet(int samples) {
        for (int n = 0; n < samples; n++) {
            sample(30 * random.nextGaussian());
        }
    }

    private void sample(double value) {
        pcm.putShort((short) Math.max(-32768, Math.min(32767, Math.round(value))));
    }

    /** Two-pole resonator at {@code hz} with bandwidth {@code bandwidth}: gain, a1, a2. */
    private static double[] resonator(double hz, double bandwidth) {
        double r = Math.exp(-Math.PI * bandwidth / 16_000);
        double a1 = 2 * r * Math.cos(2 * Math.PI * hz / 16_000);
        double a2 = -r * r;
        return new double[] {1 - r, a1, a2};
    }
}
