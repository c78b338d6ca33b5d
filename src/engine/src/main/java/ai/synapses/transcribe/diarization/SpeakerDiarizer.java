package ai.synapses.transcribe.diarization;

import ai.synapses.transcribe.transcript.Word;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who spoke each recognised word: speaker labels {@code A}, {@code B}, ... in order of first appearance.
 * <ol>
 *   <li>MFCC frames of the words' time spans ({@link WordFeatures}): the recogniser already found where
 *       the speech is, so no separate voice-activity detection is needed;</li>
 *   <li>the words cut into segments of ~1.5 s of speech, at pauses where possible;</li>
 *   <li>BIC clustering of the segments ({@link BicClustering}), to the expected count when one is given;</li>
 *   <li>word-level Viterbi resegmentation ({@link WordResegmenter}), which puts the speaker changes on
 *       the right word.</li>
 * </ol>
 * Single-threaded and cheap next to recognition (see the README's figures); thread-safe (no state).
 */
public final class SpeakerDiarizer {

    /** The contract's highest {@code speakers_expected_count}; also the most the criterion may find. */
    public static final int MOST_SPEAKERS = 10;

    static final int SEGMENT_FRAMES = 150;
    static final int MIN_SEGMENT_FRAMES = 50;
    static final long SEGMENT_PAUSE_MILLIS = 300;

    /** Measured on the eval set: see {@link DiarizationSettings#bicPenalty()}. */
    public static final double DEFAULT_BIC_PENALTY = 2.2;
    public static final double DEFAULT_CHANGE_PENALTY = 150;
    /** Without a count, a "speaker" with less than 3 s of speech is merged into the nearest one. */
    static final int MIN_SPEAKER_FRAMES = 300;
    static final int RESEGMENTATION_ROUNDS = 3;

    private final BicClustering clustering;
    private final WordResegmenter resegmenter;

    public SpeakerDiarizer() {
        this(DEFAULT_BIC_PENALTY, DEFAULT_CHANGE_PENALTY);
    }

    public SpeakerDiarizer(double bicPenalty, double changePenalty) {
        this(new BicClustering(bicPenalty, MIN_SPEAKER_FRAMES), new WordResegmenter(changePenalty, RESEGMENTATION_ROUNDS));
    }

    SpeakerDiarizer(BicClustering clustering, WordResegmenter resegmenter) {
        this.clustering = clustering;
        this.resegmenter = resegmenter;
    }

    /**
     * @param pcm      16 kHz mono 16-bit little-endian samples, the file the words were recognised from
     * @param words    in time order
     * @param expected how many speakers there are, or 0 when unknown
     * @return the words, each with its speaker
     */
    public List<Word> label(Path pcm, List<Word> words, int expected) throws IOException {
        if (expected < 0 || expected > MOST_SPEAKERS) {
            throw new IllegalArgumentException("expected speakers must be 0 (unknown) to " + MOST_SPEAKERS + ", was " + expected);
        }
        int[] cluster = clusters(pcm, words, expected);
        List<Word> labelled = new ArrayList<>(words.size());
        for (int w = 0; w < words.size(); w++) {
            Word word = words.get(w);
            labelled.add(new Word(word.text(), word.start(), word.end(), word.confidence(), label(cluster[w])));
        }
        return labelled;
    }

    /** The cluster of each word, numbered 0, 1, ... in order of first appearance. */
    int[] clusters(Path pcm, List<Word> words, int expected) throws IOException {
        if (words.isEmpty() || expected == 1) {
            return new int[words.size()];
        }
        WordFeatures features = WordFeatures.read(pcm, words);
        List<int[]> segments = segments(words, features);
        List<Gaussian> stats = new ArrayList<>(segments.size());
        for (int[] segment : segments) {
            Gaussian g = new Gaussian(WordFeatures.DIM);
            for (int w = segment[0]; w < segment[1]; w++) {
                for (int f = 0; f < features.count()[w]; f++) {
                    g.add(features.features(), features.first()[w] + f);
                }
            }
            stats.add(g);
        }
        int[] ofSegment = clustering.cluster(stats, expected, MOST_SPEAKERS);
        int[] ofWord = new int[words.size()];
        int k = 0;
        for (int s = 0; s < segments.size(); s++) {
            for (int w = segments.get(s)[0]; w < segments.get(s)[1]; w++) {
                ofWord[w] = ofSegment[s];
            }
            k = Math.max(k, ofSegment[s] + 1);
        }
        int[] refined = resegmenter.refine(features, ofWord, k);
        if (expected > 0 && java.util.Arrays.stream(refined).distinct().count() < k) {
            refined = ofWord; // the word-level pass emptied a cluster: the customer's count wins over the polish
        }
        return BicClustering.renumber(refined);
    }

    /**
     * Word ranges {@code [from, to)} of about {@link #SEGMENT_FRAMES} frames of speech each, cut at a pause
     * once they hold {@link #MIN_SEGMENT_FRAMES}; a short tail joins the segment before it.
     */
    static List<int[]> segments(List<Word> words, WordFeatures features) {
        List<int[]> segments = new ArrayList<>();
        int from = 0, frames = 0;
        for (int w = 0; w < words.size(); w++) {
            if (w > from) {
                long pause = words.get(w).start() - words.get(w - 1).end();
                if (frames >= SEGMENT_FRAMES || (frames >= MIN_SEGMENT_FRAMES && pause >= SEGMENT_PAUSE_MILLIS)) {
                    segments.add(new int[] {from, w});
                    from = w;
                    frames = 0;
                }
            }
            frames += features.count()[w];
        }
        if (frames < MIN_SEGMENT_FRAMES && !segments.isEmpty()) {
            segments.get(segments.size() - 1)[1] = words.size();
        } else {
            segments.add(new int[] {from, words.size()});
        }
        return segments;
    }

    /** 0 → A, 1 → B, ... (at most {@link #MOST_SPEAKERS} clusters, so one letter is enough). */
    static String label(int cluster) {
        return String.valueOf((char) ('A' + cluster));
    }
}
