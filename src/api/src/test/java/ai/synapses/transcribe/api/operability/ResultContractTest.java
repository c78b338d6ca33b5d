package ai.synapses.transcribe.api.operability;

import ai.synapses.transcribe.job.TranscriptReading;
import ai.synapses.transcribe.job.TranscriptionRequest;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The records against the committed contract, both ways, nested records and lists of them included:
 * <ul>
 * <li>the stored result of a job ({@link TranscriptionResult}) and its options ({@link JobOptions}), merged into the
 *     {@code Transcription} a status call answers: every JSON property they serialise is declared with its type, and
 *     every property {@code Transcription} declares, but the job's own fields, is one they have;</li>
 * <li>the submit's {@link TranscriptionRequest} against {@code SubmitRequest}: every field the service reads is
 *     declared (a generated client can send it) and nothing else, every object closed with
 *     {@code additionalProperties: false} as the service refuses unknown fields;</li>
 * <li>the sentences, paragraphs and word search answers against their envelopes' {@code data}.</li>
 * </ul>
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
    void theRequestRecordAndTheContractDeclareTheSameFields() throws IOException {
        JsonNode contract = new YAMLMapper().readTree(OpenApiContractTest.COMMITTED.toFile());
        assertEquals(List.of(), requestDifferences(contract));
    }

    @Test
    void theReadingAnswersAndTheContractDeclareTheSameFields() throws IOException {
        JsonNode contract = new YAMLMapper().readTree(OpenApiContractTest.COMMITTED.toFile());
        JsonNode schemas = contract.path("components").path("schemas");
        for (Map.Entry<String, Class<?>> answer : Map.<String, Class<?>>of("SentencesEnvelope", TranscriptReading.Sentences.class,
                "ParagraphsEnvelope", TranscriptReading.Paragraphs.class,
                "WordSearchEnvelope", TranscriptReading.WordMatches.class).entrySet()) {
            List<String> out = new ArrayList<>();
            compareType("", json.constructType(answer.getValue()),
                    schemas.path(answer.getKey()).path("properties").path("data"), schemas, out);
            assertEquals(List.of(), out, answer.getKey());
        }
    }

    @Test
    void aRequestFieldTheContractLacksOrLeavesOpenIsFound() throws IOException {
        JsonNode contract = new YAMLMapper().readTree(OpenApiContractTest.COMMITTED.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode request = (com.fasterxml.jackson.databind.node.ObjectNode)
                contract.path("components").path("schemas").path("SubmitRequest");
        ((com.fasterxml.jackson.databind.node.ObjectNode) request.path("properties").path("privacy_settings").path("properties"))
                .remove("pii_substitution");
        ((com.fasterxml.jackson.databind.node.ObjectNode) request.path("properties")).putObject("speech_threshold").put("type", "number");
        ((com.fasterxml.jackson.databind.node.ObjectNode) contract.path("components").path("schemas").path("CustomSpelling"))
                .remove("additionalProperties");
        List<String> found = requestDifferences(contract);
        assertTrue(found.contains("privacy_settings.pii_substitution: serialised, not in the contract"), found.toString());
        assertTrue(found.contains("speech_threshold: in the contract, not in the result"), found.toString());
        assertTrue(found.contains("custom_spelling[]: an object without additionalProperties: false"), found.toString());
    }

    /** Every way {@link TranscriptionRequest} and the contract's {@code SubmitRequest} disagree. */
    List<String> requestDifferences(JsonNode contract) {
        JsonNode schemas = contract.path("components").path("schemas");
        List<String> out = new ArrayList<>();
        JsonNode request = schemas.path("SubmitRequest");
        compare(".", properties(json.constructType(TranscriptionRequest.class)), request.path("properties"), schemas, out);
        closed("", request, schemas, out);
        return out.stream().map(d -> d.startsWith(".") ? d.substring(1) : d).toList();
    }

    /** Every object schema under {@code schema} refuses what it does not declare, as the service does. */
    private void closed(String at, JsonNode schema, JsonNode schemas, List<String> out) {
        JsonNode resolved = resolve(schema, schemas);
        String type = resolved.path("type").asText("object");
        if (type.equals("array")) {
            closed(at + "[]", resolved.path("items"), schemas, out);
        } else if (type.equals("object")) {
            if (!resolved.path("additionalProperties").isBoolean() || resolved.path("additionalProperties").asBoolean()) {
                out.add((at.isEmpty() ? "SubmitRequest" : at) + ": an object without additionalProperties: false");
            }
            resolved.path("properties").fields().forEachRemaining(p ->
                    closed(at.isEmpty() ? p.getKey() : at + "." + p.getKey(), p.getValue(), schemas, out));
        }
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

    /**
     * Every way the result records and the contract's {@code Transcription} disagree: the job's options and its
     * result are shown merged, the result's {@code privacy_settings} (with its redactions) in the request's place.
     */
    List<String> differences(JsonNode contract, Class<?> result) {
        JsonNode schemas = contract.path("components").path("schemas");
        List<String> out = new ArrayList<>();
        Map<String, JavaType> properties = new LinkedHashMap<>(properties(json.constructType(JobOptions.class)));
        properties.putAll(properties(json.constructType(result)));
        JsonNode declared = schemas.path("Transcription").path("properties");
        compare("", properties, declared, schemas, out);
        declared.fieldNames().forEachRemaining(name -> {
            if (!JOB_FIELDS.contains(name) && !properties.containsKey(name)) {
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
