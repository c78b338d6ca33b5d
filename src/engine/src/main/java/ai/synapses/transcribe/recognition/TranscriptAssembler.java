package ai.synapses.transcribe.recognition;

import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.Utterance;
import ai.synapses.transcribe.transcript.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the word stream into a {@link Transcript}: utterances are split where the speaker paused or
 * where the speaker changed (words labelled by diarization), and only there, so a chunk boundary
 * (itself placed in a quiet moment) splits an utterance only when the pause is long enough.
 */
public final class TranscriptAssembler {

    private final long pauseMillis;

    public TranscriptAssembler(long pauseMillis) {
        this.pauseMillis = pauseMillis;
    }

    /** @param words in time order */
    public Transcript assemble(List<Word> words, double audioDurationSeconds, String language) {
        return new Transcript(text(words), words, utterances(words), meanConfidence(words), audioDurationSeconds,
                language);
    }

    List<Utterance> utterances(List<Word> words) {
        List<Utterance> utterances = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        for (Word word : words) {
            Word previous = current.isEmpty() ? null : current.get(current.size() - 1);
            if (previous != null && (word.start() - previous.end() >= pauseMillis
                    || !java.util.Objects.equals(word.speaker(), previous.speaker()))) {
                utterances.add(utterance(current));
                current = new ArrayList<>();
            }
            current.add(word);
        }
        if (!current.isEmpty()) {
            utterances.add(utterance(current));
        }
        return utterances;
    }

    private static Utterance utterance(List<Word> words) {
        return new Utterance(words.get(0).speaker(), text(words), words.get(0).start(), words.get(words.size() - 1).end(),
                meanConfidence(words), words);
    }

    private static String text(List<Word> words) {
        return words.stream().map(Word::text).collect(Collectors.joining(" "));
    }

    /** Plain mean, rounded to 3 decimals; no words means nothing was heard with any confidence: 0. */
    static double meanConfidence(List<Word> words) {
        if (words.isEmpty()) {
            return 0.0;
        }
        double sum = 0;
        for (Word word : words) {
            sum += word.confidence();
        }
        return Math.round(sum / words.size() * 1000) / 1000.0;
    }
}
