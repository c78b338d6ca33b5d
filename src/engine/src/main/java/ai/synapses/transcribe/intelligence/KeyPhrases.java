package ai.synapses.transcribe.intelligence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Auto highlights: RAKE (Rose et al., 2010) over OpenNLP parts of speech. Candidates are runs of
 * adjectives and nouns ending in a noun, without stop words, numbers or redacted values; a word
 * scores its degree over its frequency among candidates, a phrase the sum of its words times how
 * often it was said. A single word must be said at least twice to count as a key phrase.
 */
public final class KeyPhrases {

    /** A key phrase with every occurrence as word indices {@code [first, last]}. */
    public record Phrase(String text, int count, double rank, List<int[]> occurrences) {
    }

    private static final int MAX_WORDS = 4;

    private final PartOfSpeech tagger;
    private final Set<String> stopwords;

    public KeyPhrases(PartOfSpeech tagger) {
        this.tagger = tagger;
        this.stopwords = Gazetteer.load("stopwords.txt").words();
    }

    public List<Phrase> extract(List<String> words, int limit) {
        if (words.isEmpty()) {
            return List.of();
        }
        List<String> t = words.stream().map(EntityDetector::normalize).toList();
        String[] tags = tagger.tag(t);
        Map<String, List<int[]>> occurrences = new LinkedHashMap<>();
        int i = 0;
        while (i < t.size()) {
            if (!candidateWord(t.get(i), tags[i])) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < t.size() && j + 1 - i < MAX_WORDS && candidateWord(t.get(j + 1), tags[j + 1])) {
                j++;
            }
            // end on a noun: "really helpful" is not a key phrase, "helpful agent" is
            int end = j;
            while (end >= i && !PartOfSpeech.noun(tags[end])) {
                end--;
            }
            if (end >= i) {
                occurrences.computeIfAbsent(String.join(" ", t.subList(i, end + 1)), k -> new ArrayList<>())
                        .add(new int[] {i, end});
            }
            i = j + 1;
        }
        Map<String, Integer> frequency = new HashMap<>();
        Map<String, Integer> degree = new HashMap<>();
        occurrences.forEach((phrase, at) -> {
            String[] parts = phrase.split(" ");
            for (String w : parts) {
                frequency.merge(w, at.size(), Integer::sum);
                degree.merge(w, at.size() * parts.length, Integer::sum);
            }
        });
        // a phrase counts every time it is said, also inside a longer candidate ("new billing portal")
        occurrences.replaceAll((phrase, at) -> find(t, phrase.split(" ")));
        List<Phrase> scored = new ArrayList<>();
        occurrences.forEach((phrase, at) -> {
            String[] parts = phrase.split(" ");
            if (parts.length == 1 && at.size() < 2) {
                return;
            }
            double score = 0;
            for (String w : parts) {
                score += (double) degree.get(w) / frequency.get(w);
            }
            scored.add(new Phrase(phrase, at.size(), score * at.size(), at));
        });
        scored.sort(Comparator.comparingDouble(Phrase::rank).reversed().thenComparing(Phrase::text));
        List<Phrase> top = scored.subList(0, Math.min(limit, scored.size()));
        double best = top.isEmpty() ? 1 : top.get(0).rank();
        return top.stream().map(p -> new Phrase(p.text(), p.count(), Math.round(p.rank() / best * 100) / 100.0,
                p.occurrences())).toList();
    }

    private static List<int[]> find(List<String> t, String[] phrase) {
        List<int[]> at = new ArrayList<>();
        outer:
        for (int i = 0; i + phrase.length <= t.size(); i++) {
            for (int k = 0; k < phrase.length; k++) {
                if (!t.get(i + k).equals(phrase[k])) {
                    continue outer;
                }
            }
            at.add(new int[] {i, i + phrase.length - 1});
        }
        return at;
    }

    private boolean candidateWord(String token, String tag) {
        return (PartOfSpeech.noun(tag) || PartOfSpeech.adjective(tag)) && token.length() > 2
                && !stopwords.contains(token) && !SpokenNumbers.isNumberWord(token)
                && !SpokenNumbers.ORDINALS.containsKey(token) && Character.isLetter(token.charAt(0))
                && !token.startsWith("#") && !token.startsWith("[");
    }
}
