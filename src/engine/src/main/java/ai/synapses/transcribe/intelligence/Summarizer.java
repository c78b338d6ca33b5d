package ai.synapses.transcribe.intelligence;

import ai.synapses.transcribe.transcript.SentenceSplitter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An extractive summary as bullets: the sentences that carry the transcript's most frequent content
 * words (stop words, numbers and redacted values left out), at most one sentence in five and five in
 * all, none repeating another, in the order they were said. Sentences of fewer than five words are
 * passed over while longer ones exist ("yeah okay thanks" says little).
 */
public final class Summarizer {

    private static final int MIN_WORDS = 5;
    private static final int MAX_BULLETS = 5;

    private final Set<String> stopwords;

    public Summarizer() {
        this.stopwords = Gazetteer.load("stopwords.txt").words();
    }

    public String summarize(List<String> words, List<SentenceSplitter.Span> sentences) {
        StringBuilder out = new StringBuilder();
        for (SentenceSplitter.Span s : choose(words, sentences)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("- ").append(readable(words.subList(s.first(), s.last() + 1)));
        }
        return out.toString();
    }

    /** The sentences the summary is made of, in spoken order. */
    public List<SentenceSplitter.Span> choose(List<String> words, List<SentenceSplitter.Span> sentences) {
        if (sentences.isEmpty()) {
            return List.of();
        }
        List<String> t = words.stream().map(EntityDetector::normalize).toList();
        Map<String, Integer> frequency = new HashMap<>();
        for (String token : t) {
            if (content(token)) {
                frequency.merge(token, 1, Integer::sum);
            }
        }
        boolean longOnes = sentences.stream().anyMatch(s -> s.size() >= MIN_WORDS);
        record Candidate(SentenceSplitter.Span span, double score, Set<String> words) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (SentenceSplitter.Span s : sentences) {
            if (longOnes && s.size() < MIN_WORDS) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            double score = 0;
            for (int i = s.first(); i <= s.last(); i++) {
                String token = t.get(i);
                if (content(token) && seen.add(token)) {
                    score += frequency.get(token);
                }
            }
            candidates.add(new Candidate(s, score / Math.sqrt(s.size()), seen));
        }
        int bullets = Math.max(1, Math.min(MAX_BULLETS, (int) Math.round(sentences.size() / 5.0)));
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<Candidate> chosen = new ArrayList<>();
        for (Candidate c : candidates) {
            if (chosen.size() == bullets) {
                break;
            }
            boolean repeats = chosen.stream().anyMatch(o -> overlap(o.words(), c.words()) > 0.5);
            if (!repeats) {
                chosen.add(c);
            }
        }
        chosen.sort(Comparator.comparingInt(c -> c.span().first()));
        return chosen.stream().map(Candidate::span).toList();
    }

    private boolean content(String token) {
        return token.length() > 2 && !stopwords.contains(token) && !SpokenNumbers.isNumberWord(token)
                && Character.isLetter(token.charAt(0));
    }

    private static double overlap(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        return (double) common.size() / Math.min(a.size(), b.size());
    }

    /** "so we moved the meeting" -> "So we moved the meeting."; "i" -> "I". */
    static String readable(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(w.equals("i") ? "I" : w.startsWith("i'") ? "I" + w.substring(1) : w);
        }
        if (out.length() > 0 && Character.isLetter(out.charAt(0))) {
            out.setCharAt(0, Character.toUpperCase(out.charAt(0)));
        }
        return out.append('.').toString();
    }
}
