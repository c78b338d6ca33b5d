package ai.synapses.transcribe.api.operability;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The test profile writes the same JSON lines as prod to target/quarkus-test.log. After a submit, a job
 * processed with the real engine, a status call and refused requests: every line about the request or
 * the job names request_id, transcription_id and organization_id, and no line holds an API key, the
 * operator token, the audio URL's query string or the transcript's text.
 */
@QuarkusTest
class LogHygieneTest {

    static final Path LOG = Path.of("target/quarkus-test.log");
    static final Path SAMPLE = Path.of("../../samples/jfk.wav");

    @Inject
    JobQueueProbe queue;

    @Inject
    JobProcessor processor;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void linesCarryTheIdsAndNoSecrets() throws Exception {
        queue.drain(0);
        Customer customer = Customers.create(100);
        String signature = "sigLEAK" + UUID.randomUUID().toString().replace("-", "");
        String bogusKey = "sk_bogusLEAK" + UUID.randomUUID().toString().replace("-", "");
        String id;
        String requestId;
        String text;
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/jfk.wav", SAMPLE)) {
            String audioUrl = audio.url("/jfk.wav") + "?X-Amz-Signature=" + signature + "&X-Amz-Credential=" + signature;
            String body = """
                    {"organization_id": "%s", "transcription_options": {"language": "en", "audio_url": "%s"}}"""
                    .formatted(customer.organizationId(), audioUrl);
            ExtractableResponse<Response> accepted = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                    .body(body).post("/v1/audio/transcribe").then().statusCode(202).extract();
            id = accepted.path("data.transcription_id");
            requestId = accepted.header("X-Request-Id");
            given().header("Authorization", "Bearer " + bogusKey).contentType(ContentType.JSON).body(body)
                    .post("/v1/audio/transcribe").then().statusCode(401);
            given().header("Authorization", "Bearer " + bogusKey).get("/v1/admin/organizations/" + customer.organizationId())
                    .then().statusCode(401);
            queue.drain(2);
            assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(id, customer.organizationId())));
            text = given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id).then().statusCode(200)
                    .body("data.status", equalTo("completed")).extract().path("data.text");
        }
        Thread.sleep(300);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(LOG)) {
            for (String secret : List.of(customer.apiKey(), bogusKey, "test-admin-token", signature)) {
                assertFalse(line.contains(secret), "a log line holds a secret: " + line);
            }
            if (text != null && text.split(" ").length >= 2) {
                assertFalse(line.contains(text), "a log line holds the transcript: " + line);
            }
            lines.add(json.readTree(line));
        }
        System.out.println("LogHygieneTest: " + lines.size() + " log lines checked; transcript was '" + text + "'");
        assertTrue(text != null && !text.isBlank(), "the sample's transcript, to look for in the logs");
        String[] words = text.split(" ");
        for (int i = 0; i + 3 <= words.length; i++) {
            String phrase = String.join(" ", Arrays.copyOfRange(words, i, i + 3));
            lines.forEach(line -> assertFalse(line.path("message").asText().contains(phrase), "transcript words in a log line: " + line));
        }

        // every line about the submit names all three ids
        List<JsonNode> aboutRequest = lines.stream().filter(l -> requestId.equals(l.path("mdc").path("request_id").asText())).toList();
        assertFalse(aboutRequest.isEmpty(), "the submit was logged");
        for (JsonNode line : aboutRequest) {
            assertEquals(customer.organizationId(), line.path("mdc").path("organization_id").asText(), line.toString());
            assertEquals(id, line.path("mdc").path("transcription_id").asText(), line.toString());
        }
        // every line about the job (the worker's included) names all three, the request being the submit's
        List<JsonNode> aboutJob = lines.stream().filter(l -> id.equals(l.path("mdc").path("transcription_id").asText())).toList();
        assertTrue(aboutJob.stream().anyMatch(l -> l.path("loggerName").asText().contains("processing")),
                "the worker's lines are there: " + aboutJob);
        for (JsonNode line : aboutJob) {
            assertEquals(customer.organizationId(), line.path("mdc").path("organization_id").asText(), line.toString());
            assertTrue(line.path("mdc").path("request_id").asText().startsWith("req_"), line.toString());
        }
    }
}
