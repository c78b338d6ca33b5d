package ai.synapses.transcribe.recognition;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate: (substitutions + deletions + insertions) / reference words, by Levenshtein distance
 * over whitespace-separated words after lower-casing and removing punctuation (so "Country," matches
 * "country" and "ill-disposed" matches "ill disposed"; apostrophes inside words are kept).
 * A record so that a set's rate can be summed over its clips: {@code errors / referenceWords} of the
 * totals, not a mean of per-clip rates.
 */
public record WordErrorRate(long errors, long referenceWords) {

    public static final WordErrorRate ZERO = new WordErrorRate(0, 0);

    public static double of(String reference, String hypothesis) {
        return count(reference, hypothesis).rate();
    }

    public static WordErrorRate count(String reference, String hypothesis) {
        List<String> ref = words(reference);
        List<String> hyp = words(hypothesis);
        return new WordErrorRate(distance(ref, hyp), ref.size());
    }

    public WordErrorRate plus(WordErrorRate other) {
        return new WordErrorRate(errors + other.errors, referenceWords + other.referenceWords);
    }

    /** An empty reference scores 0 against an empty hypothesis and 1 against anything else. */
    public double rate() {
        if (referenceWords == 0) {
            return errors == 0 ? 0.0 : 1.0;
        }
        return errors / (double) referenceWords;
    }

    static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        String cleaned = text.toLowerCase(Locale.ROOT)
                .replace('\u2019', '\'')
                .replaceAll("[^\\p{L}\\p{N}']+", " ")
                .replaceAll("(^|\\s)'+|'+(\\s|$)", " ")
                .trim();
        return cleaned.isEmpty() ? List.of() : Arrays.asList(cleaned.split("\\s+"));
    }

    private static long distance(List<String> ref, List<String> hyp) {
        int[] previous = new int[hyp.size() + 1];
        int[] current = new int[hyp.size() + 1];
        for (int j = 0; j <= hyp.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= hyp.size(); j++) {
                int substitution = previous[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[hyp.size()];
    }
}
