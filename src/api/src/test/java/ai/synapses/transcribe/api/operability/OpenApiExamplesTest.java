package ai.synapses.transcribe.api.operability;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HttpsFileServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The examples in openapi.yaml have the shape of real answers: the same fields, nested the same way,
 * as what the running service answers to a submit, a status call and a refused submit.
 */
@QuarkusTest
class OpenApiExamplesTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void examplesHaveTheFieldsOfRealAnswers() throws Exception {
        JsonNode paths = new YAMLMapper().readTree(OpenApiContractTest.COMMITTED.toFile()).path("paths");
        JsonNode submit = paths.path("/v1/audio/transcribe").path("post").path("responses");
        JsonNode status = paths.path("/v1/audio/transcriptions/{transcription_id}").path("get").path("responses");

        Customer customer = Customers.create(100);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/two.wav", TestAudio.wav(2.5, 16000), "audio/wav")) {
            String body = """
                    {"organization_id": "%s", "transcription_options": {"language": "en", "audio_url": "%s"}}"""
                    .formatted(customer.organizationId(), audio.url("/two.wav"));
            JsonNode accepted = json.readTree(given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                    .body(body).post("/v1/audio/transcribe").then().statusCode(202).extract().asString());
            sameFields(example(submit, "202"), accepted, Set.of(), "submit-202");

            JsonNode queued = json.readTree(given().header("Authorization", customer.bearer())
                    .get("/v1/audio/transcriptions/" + accepted.path("data").path("transcription_id").asText())
                    .then().statusCode(200).extract().asString());
            // the example shows a processing job: it has the two fields a queued one has not yet
            sameFields(example(status, "200"), queued, Set.of("data.estimated_completion_at", "data.timestamps.started_at"),
                    "status-200");

            JsonNode unknownField = json.readTree(given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                    .body(body.replace("\"language\": \"en\"", "\"language\": \"en\", \"speed\": 2"))
                    .post("/v1/audio/transcribe").then().statusCode(400).extract().asString());
            sameFields(example(submit, "400"), unknownField, Set.of(), "submit-400");
        }
    }

    /** Compares the field paths; the real answer is kept in target/ to take examples from. */
    void sameFields(JsonNode example, JsonNode real, Set<String> onlyInExample, String name) throws Exception {
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/openapi-real-" + name + ".json"),
                json.writerWithDefaultPrettyPrinter().writeValueAsString(real));
        Set<String> inExample = fields(example);
        Set<String> inReal = fields(real);
        inReal.addAll(onlyInExample);
        Set<String> missing = new TreeSet<>(inReal);
        missing.removeAll(inExample);
        Set<String> invented = new TreeSet<>(inExample);
        invented.removeAll(inReal);
        assertEquals("", (missing.isEmpty() ? "" : "missing from the example: " + missing)
                + (invented.isEmpty() ? "" : " not in the real answer: " + invented), name);
    }

    static JsonNode example(JsonNode responses, String status) {
        return responses.path(status).path("content").path("application/json").path("example");
    }

    /** Every field's dotted path (array elements are not descended into). */
    static Set<String> fields(JsonNode node) {
        Set<String> out = new TreeSet<>();
        collect(node, "", out);
        return out;
    }

    private static void collect(JsonNode node, String prefix, Set<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            out.add(path);
            if (field.getValue().isObject()) {
                collect(field.getValue(), path, out);
            }
        }
    }
}
