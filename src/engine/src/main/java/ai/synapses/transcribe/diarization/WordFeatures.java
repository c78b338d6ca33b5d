package ai.synapses.transcribe.diarization;

import ai.synapses.transcribe.transcript.Word;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * The MFCC frames inside each recognised word. Only word time is read from the PCM file, word by word,
 * so silence, music and noise the recogniser heard no word in never reach the clustering, and memory is
 * proportional to speech (about 19 MB per hour of it, twice that while reading), not to the file.
 * <p>
 * Frames quieter than {@link #SILENCE_BELOW_LOUDEST_DB} below the loud end of the speech are dropped: a
 * word's time span can reach into a pause, and near-silent frames are all alike whoever was "speaking".
 *
 * @param features {@code count x Mfcc.COEFFICIENTS} values, frame after frame
 * @param first    per word, the index of its first frame
 * @param count    per word, how many frames it kept (0 for a word inside silence)
 */
record WordFeatures(float[] features, int[] first, int[] count) {

    static final double SILENCE_BELOW_LOUDEST_DB = 40;
    static final int DIM = Mfcc.COEFFICIENTS;

    int frames() {
        return features.length / DIM;
    }

    static WordFeatures read(Path pcm, List<Word> words) throws IOException {
        Mfcc mfcc = new Mfcc();
        int total = 0;
        int[] perWord = new int[words.size()];
        for (int w = 0; w < words.size(); w++) {
            perWord[w] = frameCount(words.get(w));
            total += perWord[w];
        }
        float[] all = new float[total * DIM];
        double[] energy = new double[total];
        float[] out = new float[DIM];
        try (FileChannel channel = FileChannel.open(pcm, StandardOpenOption.READ)) {
            long samplesInFile = channel.size() / 2;
            int frame = 0;
            for (int w = 0; w < words.size(); w++) {
                // The first window is centred on the word's start; one sample before it feeds the pre-emphasis.
                long from = words.get(w).start() * (Mfcc.SAMPLE_RATE / 1000) - (Mfcc.WINDOW - Mfcc.HOP) / 2 - 1;
                int length = (perWord[w] - 1) * Mfcc.HOP + Mfcc.WINDOW + 1;
                short[] samples = samples(channel, from, length, samplesInFile);
                for (int i = 0; i < perWord[w]; i++, frame++) {
                    energy[frame] = mfcc.frame(samples, 1 + i * Mfcc.HOP, out);
                    System.arraycopy(out, 0, all, frame * DIM, DIM);
                }
            }
        }
        return withoutSilence(all, energy, perWord);
    }

    /** One frame per 10 ms of the word, at least one. */
    private static int frameCount(Word word) {
        return (int) Math.max(1, Math.round((word.end() - word.start()) / 10.0));
    }

    /** {@code length} samples from {@code from}; what lies outside the file reads as silence. */
    private static short[] samples(FileChannel channel, long from, int length, long samplesInFile) throws IOException {
        short[] samples = new short[length];
        long start = Math.max(0, from);
        long end = Math.min(samplesInFile, from + length);
        if (end <= start) {
            return samples;
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) (end - start) * 2).order(ByteOrder.LITTLE_ENDIAN);
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, start * 2 + bytes.position()) < 0) {
                break;
            }
        }
        bytes.flip();
        bytes.asShortBuffer().get(samples, (int) (start - from), bytes.remaining() / 2);
        return samples;
    }

    private static WordFeatures withoutSilence(float[] all, double[] energy, int[] perWord) {
        double[] sorted = energy.clone();
        Arrays.sort(sorted);
        double loud = sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.95)];
        double floor = loud - SILENCE_BELOW_LOUDEST_DB;
        int[] first = new int[perWord.length];
        int[] count = new int[perWord.length];
        float[] kept = new float[all.length];
        int frame = 0, keptFrames = 0;
        for (int w = 0; w < perWord.length; w++) {
            first[w] = keptFrames;
            for (int i = 0; i < perWord[w]; i++, frame++) {
                if (energy[frame] >= floor && energy[frame] > 1) {
                    System.arraycopy(all, frame * DIM, kept, keptFrames * DIM, DIM);
                    keptFrames++;
                    count[w]++;
                }
            }
        }
        return new WordFeatures(Arrays.copyOf(kept, keptFrames * DIM), first, count);
    }
}
