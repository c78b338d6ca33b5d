package ai.synapses.transcribe.transcript;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How words are compared and joined: what a search or a spelling rule matches, whatever the case and punctuation. */
public final class WordText {

    private WordText() {
    }

    /**
     * The word as compared: lower case, without the punctuation around it ("Country," and "country" are the
     * same; "don't" and "e-mail" keep their inner marks). Empty for a word of punctuation only, such as a
     * redaction's {@code ###}, which nothing matches.
     */
    public static String normalized(String text) {
        if (text == null) {
            return "";
        }
        int first = 0;
        int end = text.length();
        while (first < end && !Character.isLetterOrDigit(text.codePointAt(first))) {
            first += Character.charCount(text.codePointAt(first));
        }
        while (end > first && !Character.isLetterOrDigit(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(first, end).toLowerCase(Locale.ROOT);
    }

    /** A phrase as compared: its words, normalized, empty ones left out. */
    public static List<String> phrase(String text) {
        return text == null ? List.of() : java.util.Arrays.stream(text.strip().split("\\s+"))
                .map(WordText::normalized).filter(w -> !w.isEmpty()).toList();
    }

    /** The words' texts, separated by spaces. */
    public static String join(List<Word> words) {
        return words.stream().map(Word::text).collect(Collectors.joining(" "));
    }

    /** The speaker most of the words have; null when none has one. Ties go to the one heard first. */
    public static String majoritySpeaker(List<Word> words) {
        Map<String, Integer> votes = new HashMap<>();
        String best = null;
        for (Word word : words) {
            if (word.speaker() != null) {
                int count = votes.merge(word.speaker(), 1, Integer::sum);
                if (best == null || count > votes.get(best)) {
                    best = word.speaker();
                }
            }
        }
        return best;
    }
}
