package ai.synapses.transcribe.diarization;

/**
 * Refines cluster labels word by word. Segment-level clustering can only move a speaker change to a
 * segment edge; here every cluster gets a Gaussian from the words it holds, each word is scored against
 * each of them over its own frames, and a Viterbi pass over the words picks the best labelling with a
 * fixed cost per speaker change, so a single word does not flip speaker on a noisy score while a real
 * turn of a few words does. Repeated a few times, the models sharpen as the labels do.
 */
final class WordResegmenter {

    private final double changePenalty;
    private final int iterations;

    WordResegmenter(double changePenalty, int iterations) {
        this.changePenalty = changePenalty;
        this.iterations = iterations;
    }

    /**
     * @param labels the cluster of each word (from the segment clustering), ids 0..k-1
     * @return the refined cluster of each word; a cluster may end up with no words
     */
    int[] refine(WordFeatures words, int[] labels, int k) {
        int[] current = labels.clone();
        for (int round = 0; round < iterations && k > 1; round++) {
            Gaussian.Model[] models = models(words, current, k);
            int[] next = viterbi(scores(words, models), k);
            if (java.util.Arrays.equals(next, current)) {
                break;
            }
            current = next;
        }
        return current;
    }

    private static Gaussian.Model[] models(WordFeatures words, int[] labels, int k) {
        Gaussian[] stats = new Gaussian[k];
        for (int c = 0; c < k; c++) {
            stats[c] = new Gaussian(WordFeatures.DIM);
        }
        for (int w = 0; w < labels.length; w++) {
            for (int f = 0; f < words.count()[w]; f++) {
                stats[labels[w]].add(words.features(), words.first()[w] + f);
            }
        }
        Gaussian.Model[] models = new Gaussian.Model[k];
        for (int c = 0; c < k; c++) {
            // A cluster left without frames can no longer claim a word.
            models[c] = stats[c].n > WordFeatures.DIM ? stats[c].model() : null;
        }
        return models;
    }

    private static double[][] scores(WordFeatures words, Gaussian.Model[] models) {
        int n = words.first().length;
        double[][] scores = new double[n][models.length];
        for (int w = 0; w < n; w++) {
            for (int c = 0; c < models.length; c++) {
                if (models[c] == null) {
                    scores[w][c] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double sum = 0;
                for (int f = 0; f < words.count()[w]; f++) {
                    sum += models[c].logLikelihood(words.features(), words.first()[w] + f);
                }
                scores[w][c] = sum;
            }
        }
        return scores;
    }

    private int[] viterbi(double[][] scores, int k) {
        int n = scores.length;
        double[] total = scores.length == 0 ? new double[0] : scores[0].clone();
        int[][] from = new int[n][k];
        for (int w = 1; w < n; w++) {
            int bestPrevious = 0;
            for (int c = 1; c < k; c++) {
                if (total[c] > total[bestPrevious]) {
                    bestPrevious = c;
                }
            }
            double[] next = new double[k];
            for (int c = 0; c < k; c++) {
                double stay = total[c];
                double change = total[bestPrevious] - changePenalty;
                if (bestPrevious != c && change > stay) {
                    next[c] = change + scores[w][c];
                    from[w][c] = bestPrevious;
                } else {
                    next[c] = stay + scores[w][c];
                    from[w][c] = c;
                }
            }
            total = next;
        }
        int[] path = new int[n];
        if (n == 0) {
            return path;
        }
        int state = 0;
        for (int c = 1; c < k; c++) {
            if (total[c] > total[state]) {
                state = c;
            }
        }
        for (int w = n - 1; w >= 0; w--) {
            path[w] = state;
            state = from[w][state];
        }
        return path;
    }
}
