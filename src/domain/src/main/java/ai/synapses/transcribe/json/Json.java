package ai.synapses.transcribe.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON we write ourselves and read back from our own rows: a failure there is a bug or a corrupt row, never
 * the caller's input, so it is unchecked. Request bodies go through the API's strict parser instead.
 */
public final class Json {

    private Json() {
    }

    /** {@code value} as JSON. */
    public static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored document's tree; {@code corrupt} says what is broken when it is not JSON. */
    public static JsonNode tree(ObjectMapper mapper, String document, String corrupt) {
        try {
            return mapper.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(corrupt, e);
        }
    }

    /** A part of a stored document as {@code type}; {@code corrupt} says what is broken when it does not fit. */
    public static <T> T read(ObjectMapper mapper, JsonNode node, Class<T> type, String corrupt) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(corrupt, e);
        }
    }
}
