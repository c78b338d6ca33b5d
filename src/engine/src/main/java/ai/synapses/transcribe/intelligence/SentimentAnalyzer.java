package ai.synapses.transcribe.intelligence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sentence sentiment in the manner of VADER (Hutto and Gilbert, 2014): a valence lexicon
 * ({@code sentiment-lexicon.tsv}, written for this project) with VADER's rules for negation
 * ("not good"), boosters ("really good"), dampeners ("kind of good") and "but" (the clause after it
 * weighs more), normalised to a compound score in [-1, 1]. Hand-written because the Java ports of
 * VADER on Maven Central are unmaintained; the rules are short.
 */
public final class SentimentAnalyzer {

    public enum Sentiment { POSITIVE, NEUTRAL, NEGATIVE }

    public record Score(Sentiment sentiment, double confidence, double compound) {
    }

    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "don't", "dont", "didn't", "didnt",
            "isn't", "wasn't", "aren't", "weren't", "can't", "cannot", "couldn't", "won't", "wouldn't", "shouldn't",
            "doesn't", "haven't", "hasn't", "hadn't", "nothing", "nobody", "neither", "nor", "hardly", "barely",
            "without", "ain't");
    private static final Set<String> BOOSTERS = Set.of("very", "really", "so", "extremely", "super", "incredibly",
            "totally", "absolutely", "completely", "truly", "too", "most", "highly", "seriously", "especially",
            "utterly", "such");
    private static final Set<String> DAMPENERS = Set.of("slightly", "somewhat", "barely", "marginally", "almost",
            "fairly", "pretty", "little");
    private static final double BOOST = 0.293;
    private static final double NEGATE = -0.74;
    private static final double ALPHA = 15;
    private static final double THRESHOLD = 0.05;

    private final Map<String, Double> lexicon = new HashMap<>();
    private int longestPhrase = 1;

    public SentimentAnalyzer() {
        try (InputStream in = SentimentAnalyzer.class.getResourceAsStream("sentiment-lexicon.tsv")) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t");
                lexicon.put(parts[0], Double.parseDouble(parts[1]));
                longestPhrase = Math.max(longestPhrase, parts[0].split(" ").length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Score score(List<String> words) {
        List<String> t = words.stream().map(w -> EntityDetector.normalize(w).toLowerCase(Locale.ROOT)).toList();
        double[] valences = new double[t.size()];
        int i = 0;
        while (i < t.size()) {
            int length = 0;
            double valence = 0;
            for (int n = Math.min(longestPhrase, t.size() - i); n >= 1; n--) {
                Double v = lexicon.get(String.join(" ", t.subList(i, i + n)));
                if (v != null) {
                    length = n;
                    valence = v;
                    break;
                }
            }
            if (length == 0) {
                i++;
                continue;
            }
            valence = modified(t, i, valence);
            valences[i] = valence;
            i += length;
        }
        // "but": what comes before counts half, what comes after one and a half times
        int but = t.indexOf("but");
        if (but >= 0) {
            for (int k = 0; k < valences.length; k++) {
                valences[k] *= k < but ? 0.5 : k > but ? 1.5 : 1;
            }
        }
        double sum = 0;
        for (double v : valences) {
            sum += v;
        }
        double compound = sum / Math.sqrt(sum * sum + ALPHA);
        if (compound >= THRESHOLD) {
            return new Score(Sentiment.POSITIVE, round(0.5 + compound / 2), compound);
        }
        if (compound <= -THRESHOLD) {
            return new Score(Sentiment.NEGATIVE, round(0.5 - compound / 2), compound);
        }
        return new Score(Sentiment.NEUTRAL, round(1 - Math.abs(compound) * 5), compound);
    }

    /** The three words before a lexicon word: boosters and dampeners scale it, a negation flips it. */
    private static double modified(List<String> t, int at, double valence) {
        double v = valence;
        for (int back = 1; back <= 3 && at - back >= 0; back++) {
            String before = t.get(at - back);
            double decay = back == 1 ? 1 : back == 2 ? 0.95 : 0.9;
            if (BOOSTERS.contains(before)) {
                v += Math.signum(v) * BOOST * decay;
            } else if (DAMPENERS.contains(before) || before.equals("of") && at - back - 1 >= 0
                    && Set.of("kind", "sort").contains(t.get(at - back - 1))) {
                v -= Math.signum(v) * BOOST * decay;
            }
            if (NEGATIONS.contains(before) || before.endsWith("n't")) {
                v *= NEGATE;
                break;
            }
        }
        return v;
    }

    private static double round(double x) {
        return Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000.0;
    }
}
