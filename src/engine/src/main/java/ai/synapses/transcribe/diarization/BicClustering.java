package ai.synapses.transcribe.diarization;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bottom-up clustering of speech segments with the Bayesian information criterion (Chen and
 * Gopalakrishnan, 1998; the method of Sphinx4's and LIUM's speaker clustering): two clusters merge
 * when one full-covariance Gaussian explains their frames better, after a penalty for its parameters,
 * than two do ({@code ΔBIC < 0}).
 * <p>
 * First a linear pass merges each segment into the one before it while that holds (a speaker's turn is
 * usually several segments long), which shrinks the problem (when a count is expected, only for very
 * long audio); then the closest pair of clusters is merged again and again. Without a count that stops
 * at the first {@code ΔBIC > 0}; with one it goes on (or stops) at exactly that many clusters, which is
 * how the expected count steers the result. Hand-written: the one Java implementation on Maven Central
 * (Sphinx4's) cannot be told a count.
 */
final class BicClustering {

    /** At most this many runs are clustered pairwise (a 16 MB matrix; about 50 min of speech in 1.5 s segments). */
    static final int MOST_PAIRWISE = 2000;

    private final double lambda;
    private final int minSpeakerFrames;
    private final int mostPairwise;

    /**
     * @param lambda           weight of the parameter penalty: higher finds fewer speakers
     * @param minSpeakerFrames without an expected count, a cluster with less speech than this is merged
     *                         into its nearest neighbour (a cough or a laugh is not a speaker)
     */
    BicClustering(double lambda, int minSpeakerFrames) {
        this(lambda, minSpeakerFrames, MOST_PAIRWISE);
    }

    BicClustering(double lambda, int minSpeakerFrames, int mostPairwise) {
        this.lambda = lambda;
        this.minSpeakerFrames = minSpeakerFrames;
        this.mostPairwise = Math.max(4 * SpeakerDiarizer.MOST_SPEAKERS, mostPairwise); // blocks must shrink to their share
    }

    /**
     * @param segments  statistics of the segments, in time order
     * @param expected  the number of clusters wanted, or 0 to let the criterion decide
     * @param most      at most this many clusters when the criterion decides
     * @return the cluster of each segment, numbered from 0 in order of first appearance
     */
    int[] cluster(List<Gaussian> segments, int expected, int most) {
        int n = segments.size();
        int[] owner = new int[n];
        if (n == 0) {
            return owner;
        }
        // Linear pass: glue each segment to the run before it while the criterion says "same speaker".
        List<Gaussian> runs = new ArrayList<>();
        Gaussian run = segments.get(0);
        for (int s = 1; s < n; s++) {
            Gaussian next = segments.get(s);
            Gaussian merged = run.plus(next);
            if (expected != 1 && (steered(expected, n, mostPairwise) || deltaBic(run, next, merged) > 0)) {
                runs.add(run);
                run = next;
            } else {
                run = merged;
            }
            owner[s] = runs.size();
        }
        runs.add(run);
        while (runs.size() > mostPairwise) {
            runs = clusterInBlocks(runs, owner, most);
        }
        int[] clusterOfRun = agglomerate(runs, expected, most, true);
        int[] cluster = new int[n];
        for (int s = 0; s < n; s++) {
            cluster[s] = clusterOfRun[owner[s]];
        }
        return renumber(cluster);
    }

    /**
     * Only for very long, talkative audio (hours of short turns): more runs than the pairwise matrix takes.
     * The runs are cut into consecutive blocks that each fit, each block is clustered on its own (by the
     * criterion, and down to its share of the matrix at most), and the block clusters become the runs of
     * the global clustering. A block cluster is one speaker as surely as a global one would be; only
     * which block clusters belong together is left to the global step. Updates {@code owner} in place.
     */
    private List<Gaussian> clusterInBlocks(List<Gaussian> runs, int[] owner, int most) {
        int blocks = (runs.size() + mostPairwise - 1) / mostPairwise;
        int share = Math.max(Math.max(most, 1), mostPairwise / (blocks + 1));
        List<Gaussian> merged = new ArrayList<>();
        int[] newIndex = new int[runs.size()];
        for (int from = 0; from < runs.size(); from += mostPairwise) {
            List<Gaussian> block = runs.subList(from, Math.min(runs.size(), from + mostPairwise));
            int[] local = agglomerate(block, 0, share, false);
            java.util.Map<Integer, Integer> index = new java.util.HashMap<>();
            for (int r = 0; r < block.size(); r++) {
                Integer at = index.get(local[r]);
                if (at == null) {
                    index.put(local[r], merged.size());
                    merged.add(block.get(r));
                    at = merged.size() - 1;
                } else {
                    merged.set(at, merged.get(at).plus(block.get(r)));
                }
                newIndex[from + r] = at;
            }
        }
        for (int s = 0; s < owner.length; s++) {
            owner[s] = newIndex[owner[s]];
        }
        return merged;
    }

    /**
     * With a count to reach, the linear pass is left out (each segment is its own run) unless there are
     * too many segments for the pairwise matrix: the criterion's penalty must not glue a short turn of a
     * speaker the customer told us about to the turn before it.
     */
    private static boolean steered(int expected, int segments, int mostPairwise) {
        return expected > 0 && segments <= mostPairwise;
    }

    /** Hierarchical merging of the runs; a cached best partner per row keeps each step near O(n). */
    private int[] agglomerate(List<Gaussian> runs, int expected, int most, boolean mergeTiny) {
        int n = runs.size();
        Gaussian[] stats = runs.toArray(new Gaussian[0]);
        double[] logDet = new double[n];
        for (int i = 0; i < n; i++) {
            logDet[i] = stats[i].logDet();
        }
        float[] cost = new float[n * n];
        boolean[] alive = new boolean[n];
        Arrays.fill(alive, true);
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            for (int j = i + 1; j < n; j++) {
                float c = (float) deltaBic(stats[i], logDet[i], stats[j], logDet[j]);
                cost[i * n + j] = c;
                cost[j * n + i] = c;
            }
        }
        int[] best = new int[n];
        for (int i = 0; i < n; i++) {
            best[i] = bestPartner(i, cost, alive, n);
        }
        int clusters = n;
        while (clusters > 1) {
            int a = -1;
            for (int i = 0; i < n; i++) {
                if (alive[i] && best[i] >= 0 && (a < 0 || cost[i * n + best[i]] < cost[a * n + best[a]])) {
                    a = i;
                }
            }
            double lowest = cost[a * n + best[a]];
            int small = smallest(stats, alive, n);
            boolean mustMerge = expected > 0 ? clusters > expected : clusters > most;
            boolean tooSmall = mergeTiny && expected == 0 && stats[small].n < minSpeakerFrames;
            if (!mustMerge && !(expected == 0 && lowest <= 0) && !tooSmall) {
                break;
            }
            if (!mustMerge && !(expected == 0 && lowest <= 0)) {
                a = small; // only the tiny cluster has to go: into its nearest neighbour
            }
            int b = best[a];
            stats[a] = stats[a].plus(stats[b]);
            logDet[a] = stats[a].logDet();
            alive[b] = false;
            parent[b] = a;
            clusters--;
            for (int k = 0; k < n; k++) {
                if (alive[k] && k != a) {
                    float c = (float) deltaBic(stats[a], logDet[a], stats[k], logDet[k]);
                    cost[a * n + k] = c;
                    cost[k * n + a] = c;
                }
            }
            for (int k = 0; k < n; k++) {
                if (!alive[k]) {
                    continue;
                }
                if (k == a || best[k] == a || best[k] == b) {
                    best[k] = bestPartner(k, cost, alive, n);
                } else if (cost[k * n + a] < cost[k * n + best[k]]) {
                    best[k] = a;
                }
            }
        }
        int[] cluster = new int[n];
        for (int i = 0; i < n; i++) {
            int root = i;
            while (parent[root] != root) {
                root = parent[root];
            }
            cluster[i] = root;
        }
        return cluster;
    }

    private static int bestPartner(int i, float[] cost, boolean[] alive, int n) {
        int best = -1;
        for (int j = 0; j < n; j++) {
            if (j != i && alive[j] && (best < 0 || cost[i * n + j] < cost[i * n + best])) {
                best = j;
            }
        }
        return best;
    }

    private static int smallest(Gaussian[] stats, boolean[] alive, int n) {
        int small = -1;
        for (int i = 0; i < n; i++) {
            if (alive[i] && (small < 0 || stats[i].n < stats[small].n)) {
                small = i;
            }
        }
        return small;
    }

    double deltaBic(Gaussian a, Gaussian b, Gaussian merged) {
        return deltaBic(a, a.logDet(), b, b.logDet(), merged);
    }

    private double deltaBic(Gaussian a, double logDetA, Gaussian b, double logDetB) {
        return deltaBic(a, logDetA, b, logDetB, a.plus(b));
    }

    /** Positive: two speakers explain the frames better than one. */
    private double deltaBic(Gaussian a, double logDetA, Gaussian b, double logDetB, Gaussian merged) {
        int d = a.dim;
        double penalty = 0.5 * (d + d * (d + 1) / 2.0) * Math.log(merged.n);
        return 0.5 * (merged.n * merged.logDet() - a.n * logDetA - b.n * logDetB) - lambda * penalty;
    }

    /** Cluster ids 0, 1, 2... in order of first appearance. */
    static int[] renumber(int[] cluster) {
        int[] ids = new int[cluster.length];
        java.util.Map<Integer, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < cluster.length; i++) {
            ids[i] = seen.computeIfAbsent(cluster[i], k -> seen.size());
        }
        return ids;
    }
}
