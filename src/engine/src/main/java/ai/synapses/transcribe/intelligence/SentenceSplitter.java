package ai.synapses.transcribe.intelligence;

import ai.synapses.transcribe.transcript.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sentences from timed words. The recogniser writes no full stops, and OpenNLP's sentence model keys
 * on punctuation and capitals (it returns lower-case unpunctuated text as one sentence), so the
 * boundaries here are the speaker's own: a change of speaker, a long pause, or a shorter pause once
 * the sentence has a few words; a run-on stretch is cut at its longest pause.
 */
public final class SentenceSplitter {

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
        int start = 0;
        for (int i = 0; i + 1 < words.size(); i++) {
            Word word = words.get(i);
            Word next = words.get(i + 1);
            long pause = next.start() - word.end();
            int length = i - start + 1;
            boolean speakerChange = word.speaker() != null && next.speaker() != null
                    && !Objects.equals(word.speaker(), next.speaker());
            if (speakerChange || pause >= longPauseMillis || pause >= shortPauseMillis && length >= minWords) {
                addCapped(words, start, i, spans);
                start = i + 1;
            }
        }
        if (!words.isEmpty()) {
            addCapped(words, start, words.size() - 1, spans);
        }
        return spans;
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
