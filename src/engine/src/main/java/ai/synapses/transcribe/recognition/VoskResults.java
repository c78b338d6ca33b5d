package ai.synapses.transcribe.recognition;

import ai.synapses.transcribe.transcript.Word;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the words out of a Vosk result, e.g.
 * {@code {"result":[{"conf":0.98,"end":1.02,"start":0.66,"word":"and"}],"text":"and"}}.
 * Times there are seconds on the recogniser's own clock, which runs over all the audio it was ever fed.
 */
final class VoskResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VoskResults() {
    }

    /**
     * @param clockSeconds the recogniser's clock at the start of the chunk
     * @param offsetMillis where the chunk starts in the whole file
     * @param endMillis    where it ends: times are kept inside the chunk they were heard in
     */
    static List<Word> words(String json, double clockSeconds, long offsetMillis, long endMillis) throws IOException {
        JsonNode result = JSON.readTree(json).path("result");
        List<Word> words = new ArrayList<>(result.size());
        for (JsonNode node : result) {
            String text = node.path("word").asText("");
            // "[unk]" is Vosk's out-of-vocabulary marker, not something anybody said.
            if (text.isBlank() || "[unk]".equals(text)) {
                continue;
            }
            long start = clamp(offsetMillis + millis(node.path("start").asDouble() - clockSeconds), offsetMillis, endMillis);
            long end = clamp(offsetMillis + millis(node.path("end").asDouble() - clockSeconds), start, endMillis);
            double confidence = Math.min(1.0, Math.max(0.0, node.path("conf").asDouble(0.0)));
            words.add(new Word(text, start, end, confidence));
        }
        return words;
    }

    private static long millis(double seconds) {
        return Math.round(seconds * 1000);
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
