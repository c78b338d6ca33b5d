package ai.synapses.transcribe.diarization;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The clustering on Gaussian "speakers" whose truth is known, including the path for very long audio. */
class BicClusteringTest {

    private static final int DIM = WordFeatures.DIM;

    @Test
    void twoSpeakersTakingTurnsAreFoundAndOneIsOne() {
        int[] truth = turns(60, 3);
        int[] found = new BicClustering(2.2, 300).cluster(segments(truth, 1), 0, 10);
        assertArrayEquals(truth, found);
        int[] alone = new int[40];
        assertArrayEquals(alone, new BicClustering(2.2, 300).cluster(segments(alone, 2), 0, 10));
    }

    @Test
    void theExpectedCountIsReachedWhateverThePenalty() {
        int[] truth = turns(60, 3);
        for (double lambda : new double[] {0.5, 2.2, 10}) {
            BicClustering clustering = new BicClustering(lambda, 300);
            assertEquals(3, distinct(clustering.cluster(segments(truth, 3), 3, 10)), "lambda " + lambda);
            assertEquals(2, distinct(clustering.cluster(segments(truth, 3), 2, 10)), "lambda " + lambda);
            assertEquals(1, distinct(clustering.cluster(segments(truth, 3), 1, 10)), "lambda " + lambda);
        }
        assertEquals(5, distinct(new BicClustering(2.2, 300).cluster(segments(new int[5], 4), 8, 10)),
                "no more speakers than segments");
    }

    /** Hours of short turns: more runs than the pairwise matrix takes are first halved, still right. */
    @Test
    void tooManyRunsForThePairwiseMatrixStillClusterRight() {
        int[] truth = turns(400, 3);
        BicClustering small = new BicClustering(2.2, 300, 40);
        int[] found = small.cluster(segments(truth, 5), 0, 10);
        assertEquals(2, distinct(found));
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += truth[i] == found[i] ? 1 : 0;
        }
        System.out.printf("[diarization] 400 segments through a 40-run matrix: %d/%d segments right%n", right, truth.length);
        assertTrue(right >= 0.9 * truth.length, right + "/" + truth.length);
        assertEquals(4, distinct(small.cluster(segments(truth, 5), 4, 10)), "and the count still steers");
    }

    /** Speaker 0, 1, 0, 1... each for {@code turn} segments. */
    private static int[] turns(int segments, int turn) {
        int[] truth = new int[segments];
        for (int i = 0; i < segments; i++) {
            truth[i] = (i / turn) % 2;
        }
        return truth;
    }

    /** 150 frames per segment from the speaker's Gaussian (speaker means 6 apart in every dimension: i.i.d. frames need a wider gap than real, correlated MFCC frames). */
    private static List<Gaussian> segments(int[] speakers, long seed) {
        Random random = new Random(seed);
        List<Gaussian> segments = new ArrayList<>();
        float[] frame = new float[DIM];
        for (int speaker : speakers) {
            Gaussian g = new Gaussian(DIM);
            for (int f = 0; f < 150; f++) {
                for (int d = 0; d < DIM; d++) {
                    frame[d] = (float) (random.nextGaussian() * (1 + 0.1 * d) + 6 * speaker);
                }
                g.add(frame, 0);
            }
            segments.add(g);
        }
        return segments;
    }

    private static long distinct(int[] clusters) {
        return Arrays.stream(clusters).distinct().count();
    }
}
