package ai.synapses.transcribe.api.operability;

import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stored result of a job ({@link TranscriptionResult}, merged into the {@code Transcription} a status call
 * answers) against the committed contract: every JSON property the records serialise, nested records and lists
 * of them included, is declared with its type, and every property the contract declares for the result (all
 * of {@code Transcription} but the job's own fields and its options) is one the record has.
 */
class ResultContractTest {

    /** What {@code Transcription} shows of the job itself rather than of its result. */
    static final Set<String> JOB_FIELDS = Set.of("transcription_id", "organization_id", "status", "progress",
            "estimated_completion_at", "model_key", "language", "priority", "transcription_options", "audio_metadata",
            "content_deleted_at", "error", "timestamps");

    final ObjectMapper json = new ObjectMapper();

    @Test
    void theResultRecordsAndTheContractDeclareTheSameFields() throws IOException {
        JsonNode contract = new YAMLMapper().readTree(OpenApiContractTest.COMMITTED.toFile());
        assertEquals(List.of(), differences(contract, TranscriptionResult.class));
    }

    @Test
    void aFieldTheContractLacksOrTheRecordLacksIsFound() throws IOException {
        JsonNode contract = new YAMLMapper().readTree(OpenApiContractTest.COMMITTED.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode transcription = (com.fasterxml.jackson.databind.node.ObjectNode)
                contract.path("components").path("schemas").path("Transcription").path("properties");
        transcription.remove("summary_type");
        transcription.putObject("translation").put("type", "string");
        com.fasterxml.jackson.databind.node.ObjectNode word = (com.fasterxml.jackson.databind.node.ObjectNode)
                contract.path("components").path("schemas").path("Word").path("properties");
        word.putObject("start").put("type", "string");
        List<String> found = differences(contract, TranscriptionResult.class);
        assertTrue(found.contains("summary_type: serialised, not in the contract"), found.toString());
        assertTrue(found.contains("translation: in the contract, not in the result"), found.toString());
        assertTrue(found.stream().anyMatch(d -> d.startsWith("words[].start: integer")), found.toString());
    }

    /** Every way the result records and the contract's {@code Transcription} disagree. */
    List<String> differences(JsonNode contract, Class<?> result) {
        JsonNode schemas = contract.path("components").path("schemas");
        List<String> out = new ArrayList<>();
        Map<String, JavaType> properties = properties(json.constructType(result));
        JsonNode declared = schemas.path("Transcription").path("properties");
        compare("", properties, declared, schemas, out);
        Set<String> notResult = new TreeSet<>(JOB_FIELDS);
        notResult.addAll(properties(json.constructType(JobOptions.class)).keySet());
        declared.fieldNames().forEachRemaining(name -> {
            if (!notResult.contains(name) && !properties.containsKey(name)) {
                out.add(name + ": in the contract, not in the result");
            }
        });
        return out;
    }

    /** {@code properties} against the schema's {@code declared} ones, recursively; at the top only one way. */
    private void compare(String path, Map<String, JavaType> properties, JsonNode declared, JsonNode schemas,
            List<String> out) {
        properties.forEach((name, type) -> {
            String at = path + name;
            if (!declared.has(name)) {
                out.add(at + ": serialised, not in the contract");
            } else {
                compareType(at, type, resolve(declared.get(name), schemas), schemas, out);
            }
        });
        if (!path.isEmpty()) {
            declared.fieldNames().forEachRemaining(name -> {
                if (!properties.containsKey(name)) {
                    out.add(path + name + ": in the contract, not in the result");
                }
            });
        }
    }

    private void compareType(String at, JavaType type, JsonNode schema, JsonNode schemas, List<String> out) {
        String expected = jsonType(type);
        String declared = schema.path("type").asText("object");
        if (!expected.equals(declared)) {
            out.add(at + ": " + expected + " serialised, " + declared + " in the contract");
        } else if (type.isCollectionLikeType()) {
            compareType(at + "[]", type.getContentType(), resolve(schema.path("items"), schemas), schemas, out);
        } else if (type.isMapLikeType()) {
            compareType(at + "{}", type.getContentType(), resolve(schema.path("additionalProperties"), schemas), schemas, out);
        } else if (expected.equals("object")) {
            compare(at + ".", properties(type), schema.path("properties"), schemas, out);
        }
    }

    /** The JSON properties Jackson serialises for {@code type}, by their JSON names, in order. */
    private Map<String, JavaType> properties(JavaType type) {
        BeanDescription description = json.getSerializationConfig().introspect(type);
        Map<String, JavaType> out = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.couldSerialize()) {
                out.put(property.getName(), property.getPrimaryType());
            }
        }
        return out;
    }

    private static String jsonType(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class) {
            return "string";
        } else if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        } else if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            return "integer";
        } else if (raw == double.class || raw == float.class || Number.class.isAssignableFrom(raw)) {
            return "number";
        } else if (Collection.class.isAssignableFrom(raw)) {
            return "array";
        }
        return "object";
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
    }
}
