package ai.synapses.transcribe.transcript;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /**
     * The words as the transcript's text shows them, separated by spaces: each written token once (the words it
     * was written from share it), a word without one as it was said.
     */
    public static String join(List<Word> words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            Word word = words.get(i);
            if (word.written() != null && i > 0 && sameToken(words.get(i - 1), word)) {
                continue;
            }
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(word.written() != null ? word.written() : word.text());
        }
        return text.toString();
    }

    /**
     * What the text shows where word {@code i} ends: its written token when it is that token's last word, nothing
     * inside a token of several words, the word itself without written text.
     */
    public static String shownEnd(List<Word> words, int i) {
        Word word = words.get(i);
        if (word.written() == null) {
            return word.text();
        }
        return i + 1 < words.size() && sameToken(word, words.get(i + 1)) ? "" : word.written();
    }

    private static boolean sameToken(Word a, Word b) {
        return a.token() != null && a.token().equals(b.token()) && a.written() != null && a.written().equals(b.written());
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
