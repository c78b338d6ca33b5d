package ai.synapses.transcribe.writing;

import ai.synapses.transcribe.transcript.Word;

import java.util.ArrayList;
import java.util.List;

/**
 * A transcript's words as written: tokens (what {@code text} holds between its spaces), each naming the
 * spoken words it writes, and the sentences. Every word belongs to exactly one token, in order.
 */
public record WrittenText(List<Token> tokens, List<Sentence> sentences, int[] tokenOfWord) {

    /** A written token and the words {@code [first, last]} (inclusive) it writes. */
    public record Token(String text, int first, int last) {
    }

    /** A sentence: tokens {@code [firstToken, lastToken]} and words {@code [first, last]}, inclusive. */
    public record Sentence(int firstToken, int lastToken, int first, int last) {
    }

    /** The text: the tokens joined by single spaces. */
    public String text() {
        return join(0, tokens.size() - 1);
    }

    /** The written text of words {@code [first, last]}: every token any of them belongs to. */
    public String of(int first, int last) {
        if (first > last) {
            return "";
        }
        return join(tokenOfWord[first], tokenOfWord[last]);
    }

    /** The words, each told its written token. */
    public List<Word> annotate(List<Word> words) {
        List<Word> out = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            int token = tokenOfWord[i];
            out.add(words.get(i).withWritten(tokens.get(token).text(), token));
        }
        return out;
    }

    private String join(int firstToken, int lastToken) {
        StringBuilder out = new StringBuilder();
        for (int k = firstToken; k <= lastToken; k++) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(tokens.get(k).text());
        }
        return out.toString();
    }
}
