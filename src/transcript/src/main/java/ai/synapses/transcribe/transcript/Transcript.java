package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * What the engine heard. The text is lower case without punctuation because that is how Vosk writes
 * it. {@code audioDurationSeconds} is measured from the PCM itself (bytes / 32000), so it is the true
 * duration that settles the bill, not what the container's header claimed.
 * <p>
 * Named snake_case here as well as by the application's mapper, so that a transcript stored or sent
 * through a plain {@code ObjectMapper} (the Lambda handler, a benchmark) has the same field names.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Transcript(String text, List<Word> words, List<Utterance> utterances, double confidence,
                         double audioDurationSeconds, String language) {

    public Transcript {
        words = List.copyOf(words);
        utterances = List.copyOf(utterances);
    }
}
