package ai.synapses.transcribe.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Sentences from timed words. The recogniser writes no full stops, and OpenNLP's sentence model keys
 * on punctuation and capitals (it returns lower-case unpunctuated text as one sentence), so the
 * boundaries here are the speaker's own: a change of speaker, a long pause, or a shorter pause once
 * the sentence has a few words; a run-on stretch is cut at its longest pause.
 * <p>
 * Words written with punctuation (a word ending in {@code .}, {@code ?} or {@code !}, other than an
 * abbreviation such as "Mr.") say where their sentences end: then a sentence ends there or at a change
 * of speaker, pauses only cut a run-on stretch. Shared by the engine's text features and the domain's
 * sentences and paragraphs, so both see the same sentences.
 */
public final class SentenceSplitter {

    /** Words ending in a full stop that rarely end a sentence: titles and the like, before a name or an example. */
    private static final Set<String> ABBREVIATIONS = Set.of("mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "mt.", "vs.",
            "e.g.", "i.e.", "approx.", "no.");

    /** Word indices {@code [first, last]}, inclusive. */
    public record Span(int first, int last) {
        public int size() {
            return last - first + 1;
        }
    }

    private final long longPauseMillis;
    private final long shortPauseMillis;
    private final int minWords;
    private final int maxWords;

    public SentenceSplitter() {
        this(700, 300, 4, 30);
    }

    public SentenceSplitter(long longPauseMillis, long shortPauseMillis, int minWords, int maxWords) {
        this.longPauseMillis = longPauseMillis;
        this.shortPauseMillis = shortPauseMillis;
        this.minWords = minWords;
        this.maxWords = maxWords;
    }

    public List<Span> split(List<Word> words) {
        List<Span> spans = new ArrayList<>();
        boolean punctuated = false;
        for (int i = 0; i < words.size() && !punctuated; i++) {
            punctuated = endsSentence(WordText.shownEnd(words, i));
        }
        int start = 0;
        for (int i = 0; i + 1 < words.size(); i++) {
            Word word = words.get(i);
            Word next = words.get(i + 1);
            long pause = next.start() - word.end();
            int length = i - start + 1;
            boolean speakerChange = word.speaker() != null && next.speaker() != null
                    && !Objects.equals(word.speaker(), next.speaker());
            boolean end = punctuated ? endsSentence(WordText.shownEnd(words, i))
                    : pause >= longPauseMillis || pause >= shortPauseMillis && length >= minWords;
            if (speakerChange || end) {
                addCapped(words, start, i, spans);
                start = i + 1;
            }
        }
        if (!words.isEmpty()) {
            addCapped(words, start, words.size() - 1, spans);
        }
        return spans;
    }

    /** Whether a written word closes its sentence: it ends in . ? or ! (closing quotes aside) and is no abbreviation. */
    static boolean endsSentence(String text) {
        if (text == null) {
            return false;
        }
        String t = text.strip();
        int end = t.length();
        while (end > 0 && "\"')]\u201d\u2019".indexOf(t.charAt(end - 1)) >= 0) {
            end--;
        }
        if (end == 0) {
            return false;
        }
        char last = t.charAt(end - 1);
        if (last == '?' || last == '!' || last == '\u2026') {
            return true;
        }
        return last == '.' && !ABBREVIATIONS.contains(t.substring(0, end).toLowerCase(Locale.ROOT));
    }

    /** Adds {@code [first, last]}, cut at its longest pauses until no piece is over {@code maxWords}. */
    private void addCapped(List<Word> words, int first, int last, List<Span> out) {
        if (last - first + 1 <= maxWords) {
            out.add(new Span(first, last));
            return;
        }
        // the longest pause; among equal ones the nearest the middle, so even speech is halved, not nibbled
        int middle = (first + last) / 2;
        int cut = middle;
        long longest = -1;
        for (int i = first + minWords - 1; i < last - minWords + 1; i++) {
            long pause = words.get(i + 1).start() - words.get(i).end();
            if (pause > longest || pause == longest && Math.abs(i - middle) < Math.abs(cut - middle)) {
                longest = pause;
                cut = i;
            }
        }
        addCapped(words, first, cut, out);
        addCapped(words, cut + 1, last, out);
    }
}
