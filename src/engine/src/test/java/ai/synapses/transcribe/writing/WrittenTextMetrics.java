package ai.synapses.transcribe.writing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How close a written hypothesis is to a written reference, summed over many pairs:
 * <ul>
 * <li><b>punctuation F1</b>: the tokens are aligned on their words (case and punctuation ignored, minimum
 * edit distance); a mark ({@code . , ?}, "!" counted as ".") after an aligned token is a true positive when
 * the reference has the same mark there, a false positive otherwise, and every reference mark not matched is
 * a false negative;</li>
 * <li><b>casing accuracy</b>: of the aligned tokens whose words are the same, the share written with exactly
 * the reference's capitals;</li>
 * <li><b>formatted WER</b>: the word error rate of the tokens exactly as written (case and punctuation
 * included) against the reference's.</li>
 * </ul>
 */
final class WrittenTextMetrics {

    private static final Set<String> ABBREVIATIONS = Set.of("a.m.", "p.m.", "mr.", "mrs.", "ms.", "dr.", "st.",
            "jr.", "sr.", "etc.");

    private long truePositives;
    private long falsePositives;
    private long falseNegatives;
    private long casedRight;
    private long cased;
    private long wordErrors;
    private long referenceWords;

    private record Tok(String core, char mark, String exact) {
        String key() {
            return core.toLowerCase(Locale.ROOT);
        }
    }

    void add(String hypothesis, String reference) {
        List<Tok> h = tokens(hypothesis);
        List<Tok> r = tokens(reference);
        // alignment on the words alone
        int[][] d = distances(h.stream().map(Tok::key).toList(), r.stream().map(Tok::key).toList());
        int i = h.size();
        int j = r.size();
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + (h.get(i - 1).key().equals(r.get(j - 1).key()) ? 0 : 1)) {
                Tok a = h.get(i - 1);
                Tok b = r.get(j - 1);
                punctuation(a.mark(), b.mark());
                if (a.key().equals(b.key())) {
                    cased++;
                    if (a.core().equals(b.core())) {
                        casedRight++;
                    }
                }
                i--;
                j--;
            } else if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
                punctuation(h.get(i - 1).mark(), ' ');
                i--;
            } else {
                punctuation(' ', r.get(j - 1).mark());
                j--;
            }
        }
        List<String> hExact = h.stream().map(Tok::exact).toList();
        List<String> rExact = r.stream().map(Tok::exact).toList();
        wordErrors += distances(hExact, rExact)[hExact.size()][rExact.size()];
        referenceWords += rExact.size();
    }

    private void punctuation(char hypothesis, char reference) {
        if (hypothesis != ' ' && hypothesis == reference) {
            truePositives++;
            return;
        }
        if (hypothesis != ' ') {
            falsePositives++;
        }
        if (reference != ' ') {
            falseNegatives++;
        }
    }

    double punctuationPrecision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    double punctuationRecall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    double punctuationF1() {
        double p = punctuationPrecision();
        double r = punctuationRecall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    double casingAccuracy() {
        return ratio(casedRight, cased);
    }

    double formattedWer() {
        return ratio(wordErrors, referenceWords);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }

    /** Tokens split at spaces; the trailing mark apart, except an abbreviation's own full stop. */
    private static List<Tok> tokens(String text) {
        String[] parts = text.strip().split("\\s+");
        List<Tok> out = new ArrayList<>();
        for (int k = 0; k < parts.length; k++) {
            String p = parts[k];
            if (p.isEmpty()) {
                continue;
            }
            boolean lastOfText = k == parts.length - 1;
            String core = p;
            char mark = ' ';
            char c = p.charAt(p.length() - 1);
            if (ABBREVIATIONS.contains(p.toLowerCase(Locale.ROOT))) {
                mark = lastOfText ? '.' : ' ';
            } else if (c == '.' || c == ',' || c == '?' || c == '!') {
                core = p.substring(0, p.length() - 1);
                mark = c == '!' ? '.' : c;
            }
            out.add(new Tok(core, mark, p));
        }
        return out;
    }

    private static int[][] distances(List<String> a, List<String> b) {
        int[][] d = new int[a.size() + 1][b.size() + 1];
        for (int i = 0; i <= a.size(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.size(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.size(); i++) {
            for (int j = 1; j <= b.size(); j++) {
                int substitution = d[i - 1][j - 1] + (a.get(i - 1).equals(b.get(j - 1)) ? 0 : 1);
                d[i][j] = Math.min(substitution, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
            }
        }
        return d;
    }
}
