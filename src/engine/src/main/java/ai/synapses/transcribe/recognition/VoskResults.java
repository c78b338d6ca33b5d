package ai.synapses.transcribe.recognition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the words out of a Vosk result, e.g.
 * {@code {"result":[{"conf":0.98,"end":1.02,"start":0.66,"word":"and"}],"text":"and"}}.
 * Times there are seconds from the start of what that recogniser was fed.
 */
final class VoskResults {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VoskResults() {
    }

    /**
     * @param offsetMillis where the recogniser's audio starts in the whole file
     * @param endMillis    where it ends: times are kept inside the chunk they were heard in
     */
    static List<Word> words(String json, long offsetMillis, long endMillis) throws IOException {
        JsonNode result = JSON.readTree(json).path("result");
        List<Word> words = new ArrayList<>(result.size());
        for (JsonNode node : result) {
            String text = node.path("word").asText("");
            // "[unk]" is Vosk's out-of-vocabulary marker, not something anybody said.
            if (text.isBlank() || "[unk]".equals(text)) {
                continue;
            }
            long start = clamp(offsetMillis + Math.round(node.path("start").asDouble() * 1000), offsetMillis, endMillis);
            long end = clamp(offsetMillis + Math.round(node.path("end").asDouble() * 1000), start, endMillis);
            double confidence = Math.min(1.0, Math.max(0.0, node.path("conf").asDouble(0.0)));
            words.add(new Word(text, start, end, confidence));
        }
        return words;
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
