package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A run of words without a long pause; times in milliseconds, confidence the mean of its words; no speaker without diarization. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Utterance(String speaker, String text, long start, long end, double confidence, List<Word> words) {

    public Utterance {
        words = List.copyOf(words);
    }
}
