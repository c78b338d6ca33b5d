package ai.synapses.transcribe.api.lambda;

import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HttpsFileServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP functions as Lambda runs them: API Gateway HTTP API (2.0) events, posted raw to Quarkus'
 * mock event server ({@code /_lambda_}), answered with the Lambda response API Gateway turns into HTTP.
 * The routes are those template.yaml gives the submit, read and operator functions; everything behind
 * them is real (PostgreSQL, ElasticMQ, the audio over HTTPS).
 * <p>
 * Runs in the Lambda build only ({@code ./mvnw verify -Plambda -pl src/api -am -Dtest=HttpFunctionsLambdaTest},
 * which .ci/run does): without {@code quarkus-amazon-lambda-http} there is no event server.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "transcribe.lambda", matches = "true",
        disabledReason = "the Lambda build only: ./mvnw verify -Plambda -pl src/api -am -Dtest=HttpFunctionsLambdaTest")
class HttpFunctionsLambdaTest {

    static final String ADMIN = "Bearer test-admin-token";
    static final ObjectMapper JSON = new ObjectMapper();

    static HttpsFileServer audio;

    @Inject
    Database db;

    record Answer(int status, Map<String, String> headers, JsonNode body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    @BeforeAll
    static void serveAudio() throws java.io.IOException {
        audio = HttpsFileServer.start().serve("/speech-2.5s.wav", TestAudio.wav(2.5, 16000), "audio/wav");
    }

    @AfterAll
    static void stopAudio() {
        audio.close();
    }

    @Test
    void operatorSubmitAndReadFunctionsAnswerApiGatewayEvents() throws Exception {
        // operator function: POST /v1/admin/organizations, api-keys, credits
        Answer created = invoke("POST /v1/admin/organizations", "/v1/admin/organizations", "",
                Map.of("authorization", ADMIN, "content-type", "application/json"), "{\"name\": \"Lambda org\"}", Map.of());
        assertEquals(201, created.status(), created.toString());
        String orgId = created.body().path("data").path("organization_id").asText();
        assertTrue(orgId.startsWith("org_"), orgId);
        Answer key = invoke("POST /v1/admin/organizations/{organization_id}/api-keys", "/v1/admin/organizations/" + orgId + "/api-keys", "",
                Map.of("authorization", ADMIN, "content-type", "application/json"), "{\"name\": \"lambda\"}", Map.of("organization_id", orgId));
        assertEquals(201, key.status(), key.toString());
        String bearer = "Bearer " + key.body().path("data").path("api_key").asText();
        Answer credit = invoke("POST /v1/admin/organizations/{organization_id}/credits", "/v1/admin/organizations/" + orgId + "/credits", "",
                Map.of("authorization", ADMIN, "content-type", "application/json"), "{\"amount\": 100, \"reference\": \"lambda test\"}",
                Map.of("organization_id", orgId));
        assertEquals(201, credit.status(), credit.toString());

        // submit function
        String body = """
                {"organization_id": "%s", "transcription_options": {"language": "en", "audio_url": "%s"}}"""
                .formatted(orgId, audio.url("/speech-2.5s.wav"));
        Answer submitted = invoke("POST /v1/audio/transcribe", "/v1/audio/transcribe", "",
                Map.of("authorization", bearer, "content-type", "application/json", "idempotency-key", "lambda-1"), body, Map.of());
        assertEquals(202, submitted.status(), submitted.toString());
        String id = submitted.body().path("data").path("transcription_id").asText();
        assertTrue(id.startsWith("trans_"), submitted.toString());
        assertEquals("/v1/audio/transcriptions/" + id, java.net.URI.create(submitted.header("location")).getPath());
        assertNotNull(submitted.header("x-request-id"));
        assertEquals("queued", submitted.body().path("data").path("status").asText());
        // 2.5 s x 1 synapse/s, rounded up
        long charged = submitted.body().path("billing").path("synapses_consumed").asLong();
        assertEquals(3, charged, submitted.body().path("billing").toString());
        assertEquals(100 - charged, db.balance(orgId));

        // the same submit again: replayed, not charged twice
        Answer replay = invoke("POST /v1/audio/transcribe", "/v1/audio/transcribe", "",
                Map.of("authorization", bearer, "content-type", "application/json", "idempotency-key", "lambda-1"), body, Map.of());
        assertEquals(202, replay.status());
        assertEquals("true", replay.header("idempotent-replayed"));
        assertEquals(100 - charged, db.balance(orgId));

        // read functions: status, list, balance
        Answer status = invoke("GET /v1/audio/transcriptions/{transcription_id}", "/v1/audio/transcriptions/" + id, "",
                Map.of("authorization", bearer), null, Map.of("transcription_id", id));
        assertEquals(200, status.status(), status.toString());
        assertEquals(id, status.body().path("data").path("transcription_id").asText());
        Answer list = invoke("GET /v1/audio/transcriptions", "/v1/audio/transcriptions", "organization_id=" + orgId + "&limit=5",
                Map.of("authorization", bearer), null, Map.of());
        assertEquals(200, list.status(), list.toString());
        assertTrue(list.body().toString().contains(id), list.toString());
        Answer balance = invoke("GET /v1/organizations/{organization_id}/balance", "/v1/organizations/" + orgId + "/balance", "",
                Map.of("authorization", bearer), null, Map.of("organization_id", orgId));
        assertEquals(200, balance.status(), balance.toString());
        assertEquals(100 - charged, balance.body().path("data").path("balance").asLong(), balance.toString());
    }

    @Test
    void unhappyEventsGetTheErrorEnvelopeAndChangeNothing() throws Exception {
        Answer noKey = invoke("POST /v1/audio/transcribe", "/v1/audio/transcribe", "",
                Map.of("content-type", "application/json"), "{\"organization_id\": \"org_x\"}", Map.of());
        assertEquals(401, noKey.status(), noKey.toString());
        assertEquals(false, noKey.body().path("success").asBoolean(true));
        assertEquals("missing_api_key", noKey.body().path("error").path("code").asText());
        assertNotNull(noKey.body().path("metadata").path("request_id").textValue());

        Answer wrongToken = invoke("POST /v1/admin/organizations", "/v1/admin/organizations", "",
                Map.of("authorization", "Bearer nope", "content-type", "application/json"), "{\"name\": \"x\"}", Map.of());
        assertEquals(401, wrongToken.status(), wrongToken.toString());
        assertEquals("invalid_admin_token", wrongToken.body().path("error").path("code").asText());

        long before = db.count("select count(*) from transcriptions");
        Answer created = invoke("POST /v1/admin/organizations", "/v1/admin/organizations", "",
                Map.of("authorization", ADMIN, "content-type", "application/json"), "{\"name\": \"Unhappy org\"}", Map.of());
        String orgId = created.body().path("data").path("organization_id").asText();
        Answer key = invoke("POST /v1/admin/organizations/{organization_id}/api-keys", "/v1/admin/organizations/" + orgId + "/api-keys", "",
                Map.of("authorization", ADMIN, "content-type", "application/json"), "{}", Map.of("organization_id", orgId));
        String bearer = "Bearer " + key.body().path("data").path("api_key").asText();
        Answer unknownField = invoke("POST /v1/audio/transcribe", "/v1/audio/transcribe", "",
                Map.of("authorization", bearer, "content-type", "application/json"), """
                        {"organization_id": "%s", "transcription_options": {"language": "en", "audio_url": "https://example.com/a.wav"},
                         "speaker_analysis": {"diarisation_enabled": true}}""".formatted(orgId), Map.of());
        assertEquals(400, unknownField.status(), unknownField.toString());
        assertEquals("unknown_field", unknownField.body().path("error").path("code").asText());
        assertEquals("speaker_analysis.diarisation_enabled", unknownField.body().path("error").path("field").asText());
        assertEquals(before, db.count("select count(*) from transcriptions"));

        Answer missing = invoke("GET /v1/audio/transcriptions/{transcription_id}", "/v1/audio/transcriptions/trans_missing", "",
                Map.of("authorization", bearer), null, Map.of("transcription_id", "trans_missing"));
        assertEquals(404, missing.status(), missing.toString());
        assertEquals("transcription_not_found", missing.body().path("error").path("code").asText());
    }

    /** Posts the event to the mock event server as Lambda would deliver it, and reads the Lambda response. */
    private static Answer invoke(String routeKey, String path, String query, Map<String, String> headers, String body,
                                 Map<String, String> pathParameters) throws Exception {
        String event = HttpApiEvents.event(routeKey, path, query, headers, body, pathParameters);
        String raw = given().contentType("application/json").body(event).post("/_lambda_")
                .then().statusCode(200).extract().asString();
        JsonNode response = JSON.readTree(raw);
        Map<String, String> responseHeaders = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            responseHeaders.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = response.path("multiValueHeaders").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            responseHeaders.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue().path(0).asText());
        }
        String text = response.path("body").asText("");
        if (response.path("isBase64Encoded").asBoolean(false)) {
            text = new String(java.util.Base64.getDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8);
        }
        JsonNode parsed = text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        return new Answer(response.path("statusCode").asInt(), responseHeaders, parsed);
    }
}
