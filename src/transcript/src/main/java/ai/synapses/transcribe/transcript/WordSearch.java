package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where words and phrases were said (AssemblyAI's word search): each term is matched against the transcript's
 * words whatever the case and the punctuation around them; a phrase matches where its words follow each other.
 * Matches of a term do not overlap. Every term asked for is answered, with a count of 0 when it was not said.
 */
public final class WordSearch {

    private WordSearch() {
    }

    /** A term, how often it was said, where ({@code [start, end]} in milliseconds) and at which word (its first). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(String text, int count, List<List<Long>> timestamps, List<Integer> indexes) {
    }

    /** All matches of {@code terms} (each with at least one word to compare, see {@link WordText#phrase}). */
    public static List<Match> search(List<Word> words, List<String> terms) {
        // the words' tokens, each with its word: a word written with a space ("New York") is two tokens
        List<String> tokens = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            for (String token : WordText.phrase(words.get(i).text())) {
                tokens.add(token);
                owner.add(i);
            }
        }
        Set<List<String>> seen = new LinkedHashSet<>();
        List<Match> out = new ArrayList<>();
        for (String term : terms) {
            List<String> phrase = WordText.phrase(term);
            if (phrase.isEmpty() || !seen.add(phrase)) {
                continue;
            }
            List<List<Long>> timestamps = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            for (int t = 0; t + phrase.size() <= tokens.size(); t++) {
                if (tokens.subList(t, t + phrase.size()).equals(phrase)) {
                    int first = owner.get(t);
                    int last = owner.get(t + phrase.size() - 1);
                    timestamps.add(List.of(words.get(first).start(), words.get(last).end()));
                    indexes.add(first);
                    t += phrase.size() - 1;
                }
            }
            out.add(new Match(term.strip(), indexes.size(), timestamps, indexes));
        }
        return out;
    }
}
