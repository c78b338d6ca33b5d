package ai.synapses.transcribe.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A transcript's sentences and paragraphs, from its timed words. Sentences are the {@link SentenceSplitter}'s, the
 * same the text features use. Paragraphs are runs of whole sentences: a new one starts where the speaker changes,
 * after a long pause ({@code 2 s}), after a shorter one ({@code 1 s}) once the paragraph has three sentences, and
 * after a sentence that brought it to {@code 100} words.
 */
public final class Passages {

    private final SentenceSplitter splitter;
    private final long longPauseMillis;
    private final long pauseMillis;
    private final int minSentences;
    private final int maxWords;

    public Passages() {
        this(new SentenceSplitter(), 2000, 1000, 3, 100);
    }

    public Passages(SentenceSplitter splitter, long longPauseMillis, long pauseMillis, int minSentences, int maxWords) {
        this.splitter = splitter;
        this.longPauseMillis = longPauseMillis;
        this.pauseMillis = pauseMillis;
        this.minSentences = minSentences;
        this.maxWords = maxWords;
    }

    public List<Passage> sentences(List<Word> words) {
        List<Passage> out = new ArrayList<>();
        for (SentenceSplitter.Span span : splitter.split(words)) {
            out.add(Passage.of(words.subList(span.first(), span.last() + 1)));
        }
        return out;
    }

    public List<Passage> paragraphs(List<Word> words) {
        List<Passage> out = new ArrayList<>();
        List<SentenceSplitter.Span> spans = splitter.split(words);
        int first = 0;
        int sentences = 0;
        for (int s = 0; s < spans.size(); s++) {
            SentenceSplitter.Span span = spans.get(s);
            sentences++;
            boolean last = s + 1 == spans.size();
            if (last || breaksAfter(words, first, span, spans.get(s + 1), sentences)) {
                out.add(Passage.of(words.subList(first, span.last() + 1)));
                first = span.last() + 1;
                sentences = 0;
            }
        }
        return out;
    }

    private boolean breaksAfter(List<Word> words, int first, SentenceSplitter.Span sentence, SentenceSplitter.Span next,
            int sentences) {
        Word end = words.get(sentence.last());
        Word start = words.get(next.first());
        long pause = start.start() - end.end();
        String speaker = WordText.majoritySpeaker(words.subList(sentence.first(), sentence.last() + 1));
        String nextSpeaker = WordText.majoritySpeaker(words.subList(next.first(), next.last() + 1));
        boolean speakerChange = speaker != null && nextSpeaker != null && !Objects.equals(speaker, nextSpeaker);
        return speakerChange || pause >= longPauseMillis || pause >= pauseMillis && sentences >= minSentences
                || sentence.last() - first + 1 >= maxWords;
    }
}
