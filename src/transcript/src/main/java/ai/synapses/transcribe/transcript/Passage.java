package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * A sentence or a paragraph of a transcript, in AssemblyAI's shape: its text, times in milliseconds, the mean
 * confidence of its words, its speaker (with diarization; absent without) and its words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"text", "start", "end", "confidence", "speaker", "words"})
public record Passage(String text, long start, long end, double confidence, String speaker, List<Word> words) {

    public Passage {
        words = List.copyOf(words);
    }

    /** The passage of {@code words} (at least one), with the speaker most of them have. */
    public static Passage of(List<Word> words) {
        return new Passage(WordText.join(words), words.get(0).start(), words.get(words.size() - 1).end(),
                meanConfidence(words), WordText.majoritySpeaker(words), words);
    }

    /** Plain mean, rounded to 3 decimals, as the transcript's own confidence is. */
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
