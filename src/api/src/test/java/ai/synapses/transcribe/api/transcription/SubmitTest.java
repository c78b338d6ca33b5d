package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The submit function through real PostgreSQL, real ElasticMQ and a real HTTPS audio server on loopback. */
@QuarkusTest
class SubmitTest {

    static HttpsFileServer audio;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start()
                .serve("/speech-2.5s.wav", TestAudio.wav(2.5, 16000), "audio/wav")
                .serve("/speech-10s.wav", TestAudio.wav(10.0, 16000), "audio/wav");
    }

    @AfterAll
    static void stopAudio() {
        audio.close();
    }

    @BeforeEach
    void emptyQueue() {
        queue.drain(0);
    }

    static String body(String orgId, String audioUrl) {
        return """
                {"organization_id": "%s",
                 "transcription_options": {"language": "en", "audio_url": "%s"}}""".formatted(orgId, audioUrl);
    }

    static ExtractableResponse<Response> submit(Customer customer, String body) {
        return given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/audio/transcribe").then().extract();
    }

    @Test
    void acceptsChargesAndQueuesAJob() {
        Customer customer = Customers.create(100);
        String body = """
                {"organization_id": "%s",
                 "transcription_options": {"language": "en", "audio_url": "%s"},
                 "speaker_analysis": {"diarization_enabled": true, "speakers_expected_count": 2},
                 "intelligence_features": {"sentiment_analysis_enabled": true, "entity_detection_enabled": true,
                                           "summarization_enabled": true},
                 "privacy_settings": {"pii_redaction_enabled": true, "pii_policies": ["email", "phone_number", "ssn"]},
                 "priority": "high"}""".formatted(customer.organizationId(), audio.url("/speech-2.5s.wav"));

        var response = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/audio/transcribe")
                .then().statusCode(202)
                .body("success", equalTo(true))
                .body("data.transcription_id", matchesPattern("trans_[A-Za-z0-9]{20}"))
                .body("data.status", equalTo("queued"))
                .body("data.model_key", equalTo("fvt-1"))
                .body("data.language", equalTo("en"))
                .body("data.priority", equalTo("high"))
                .body("data.transcription_options.audio_url", equalTo(audio.url("/speech-2.5s.wav")))
                .body("data.speaker_analysis.diarization_enabled", equalTo(true))
                .body("data.speaker_analysis.speakers_expected_count", equalTo(2))
                .body("data.intelligence_features.sentiment_analysis_enabled", equalTo(true))
                .body("data.intelligence_features.auto_highlights_enabled", equalTo(false))
                .body("data.privacy_settings.pii_policies", equalTo(List.of("email", "phone_number", "ssn")))
                .body("data.audio_metadata.duration_seconds", equalTo(2.5f))
                .body("data.audio_metadata.format", equalTo("wav"))
                .body("data.audio_metadata.sample_rate_hz", equalTo(16000))
                .body("data.audio_metadata.channels", equalTo(1))
                .body("data.audio_metadata.size_bytes", equalTo(44 + 80000))
                .body("data.timestamps.created_at", notNullValue())
                // 2.5 s x 1 synapse/s x base 1 x organization 1 x high 1.5 = 3.75 -> 4
                .body("billing.synapses_consumed", equalTo(4))
                .body("billing.synapses_refunded", equalTo(0))
                .body("billing.transaction_id", matchesPattern("txn_[A-Za-z0-9]{20}"))
                .body("billing.currency", equalTo("synapses"))
                .body("billing.multipliers.base", equalTo(1.0f))
                .body("billing.multipliers.organization", equalTo(1.0f))
                .body("billing.multipliers.priority", equalTo(1.5f))
                .body("metadata.request_id", matchesPattern("req_[A-Za-z0-9]{20}"))
                .body("metadata.timestamp", notNullValue())
                .body("metadata.processing_time_ms", greaterThanOrEqualTo(0))
                .body("actions.check_status.method", equalTo("GET"))
                .extract();
        String id = response.path("data.transcription_id");
        String txn = response.path("billing.transaction_id");
        assertTrue(response.header("Location").endsWith("/v1/audio/transcriptions/" + id));
        assertEquals(response.header("X-Request-Id"), response.path("metadata.request_id"));
        assertTrue(response.<Integer>path("metadata.processing_time_ms") >= 1, "the probe alone takes a millisecond");
        assertEquals("/v1/audio/transcriptions/" + id, response.path("actions.check_status.href"));

        assertEquals(96, db.balance(customer.organizationId()));
        assertEquals(db.balance(customer.organizationId()), db.ledgerSum(customer.organizationId()));
        assertEquals(1, db.count("select count(*) from ledger_entries where id = ? and kind = 'debit' and amount = -4"
                + " and transcription_id = ? and balance_after = 96", txn, id));
        List<String> messages = queue.drain(2);
        assertEquals(1, messages.size(), "exactly one job message");
        assertTrue(messages.get(0).contains("\"transcription_id\":\"" + id + "\""), messages.get(0));
        assertEquals(1, db.count("select count(*) from transcriptions where id = ? and enqueued_at is not null", id));

        // the balance endpoint shows the debit first
        given().header("Authorization", customer.bearer())
                .get("/v1/organizations/" + customer.organizationId() + "/balance")
                .then().statusCode(200)
                .body("data.balance", equalTo(96))
                .body("data.entries[0].transaction_id", equalTo(txn))
                .body("data.entries[0].type", equalTo("debit"))
                .body("data.entries[0].amount", equalTo(-4))
                .body("data.entries[0].transcription_id", equalTo(id))
                .body("data.entries[1].type", equalTo("credit"));
    }

    @Test
    void organizationMultiplierAndDefaultsApply() {
        Customer customer = Customers.create(100, "1.25");
        submit(customer, body(customer.organizationId(), audio.url("/speech-10s.wav")))
                .response().then().statusCode(202)
                .body("data.priority", equalTo("normal"))
                .body("data.speaker_analysis.diarization_enabled", equalTo(false))
                .body("data.privacy_settings.pii_redaction_enabled", equalTo(false))
                // 10 s x 1.25 = 12.5 -> 13
                .body("billing.synapses_consumed", equalTo(13))
                .body("billing.multipliers.organization", equalTo(1.25f))
                .body("billing.multipliers.priority", equalTo(1.0f));
        assertEquals(87, db.balance(customer.organizationId()));
    }

    @Test
    void insufficientBalanceIs402AndChangesNothing() {
        Customer customer = Customers.create(9);
        submit(customer, body(customer.organizationId(), audio.url("/speech-10s.wav")))
                .response().then().statusCode(402)
                .body("success", equalTo(false))
                .body("error.code", equalTo("insufficient_synapses"))
                .body("error.details.required_synapses", equalTo(10))
                .body("error.details.available_synapses", equalTo(9))
                .body("metadata.request_id", notNullValue());
        assertEquals(9, db.balance(customer.organizationId()));
        assertEquals(0, db.transcriptions(customer.organizationId()));
        assertEquals(1, db.count("select count(*) from ledger_entries where organization_id = ?", customer.organizationId()));
        assertEquals(List.of(), queue.drain(1));
    }

    @Test
    void statusAnswersForTheOwnerAnd404ForEveryoneElse() {
        Customer owner = Customers.create(50);
        Customer stranger = Customers.create(50);
        String id = submit(owner, body(owner.organizationId(), audio.url("/speech-2.5s.wav"))).path("data.transcription_id");

        given().header("Authorization", owner.bearer()).get("/v1/audio/transcriptions/" + id)
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("data.transcription_id", equalTo(id))
                .body("data.status", equalTo("queued"))
                .body("data.audio_metadata.duration_seconds", equalTo(2.5f))
                .body("billing.synapses_consumed", equalTo(3))
                .body("actions.check_status.href", equalTo("/v1/audio/transcriptions/" + id));

        String strangers = given().header("Authorization", stranger.bearer()).get("/v1/audio/transcriptions/" + id)
                .then().statusCode(404).body("error.code", equalTo("transcription_not_found")).extract().path("error.message");
        String missing = given().header("Authorization", stranger.bearer())
                .get("/v1/audio/transcriptions/trans_doesnotexist0000000")
                .then().statusCode(404).body("error.code", equalTo("transcription_not_found")).extract().path("error.message");
        assertEquals(missing.replace("trans_doesnotexist0000000", id), strangers);
        given().get("/v1/audio/transcriptions/" + id).then().statusCode(401).body("error.code", equalTo("missing_api_key"));
    }

    @Test
    void authenticationAndOwnership() {
        Customer customer = Customers.create(50);
        Customer other = Customers.create(50);
        String body = body(customer.organizationId(), audio.url("/speech-2.5s.wav"));

        given().contentType(ContentType.JSON).body(body).post("/v1/audio/transcribe")
                .then().statusCode(401).body("error.code", equalTo("missing_api_key")).body("error.field", equalTo("Authorization"));
        given().header("Authorization", "Bearer sk_live_unknown").contentType(ContentType.JSON).body(body)
                .post("/v1/audio/transcribe").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").contentType(ContentType.JSON).body(body)
                .post("/v1/audio/transcribe").then().statusCode(401);
        submit(other, body).response().then().statusCode(403)
                .body("error.code", equalTo("organization_mismatch")).body("error.field", equalTo("organization_id"));

        given().header("Authorization", Customers.ADMIN)
                .delete("/v1/admin/organizations/" + customer.organizationId() + "/api-keys/" + customer.keyId())
                .then().statusCode(200).body("data.revoked_at", notNullValue());
        submit(customer, body).response().then().statusCode(401).body("error.code", equalTo("invalid_api_key"));

        assertEquals(50, db.balance(customer.organizationId()));
        assertEquals(0, db.transcriptions(customer.organizationId()));
        assertEquals(List.of(), queue.drain(1));
    }

    @Test
    void audioThatCannotBeUsedIs422AndChangesNothing() {
        Customer customer = Customers.create(50);
        HttpsFileServer local = audio;
        local.serve("/notes.txt", "these are meeting notes, not audio".getBytes(), "text/plain");
        local.serve("/truncated.wav", java.util.Arrays.copyOf(TestAudio.wav(1, 16000), 30), "audio/wav");
        local.status("/gone.wav", 404);

        Map<String, String> cases = Map.of(
                local.url("/notes.txt"), "audio_not_recognized",
                local.url("/truncated.wav"), "audio_unreadable",
                local.url("/gone.wav"), "audio_url_http_error",
                "https://127.0.0.1:1/closed.wav", "audio_url_unreachable",
                "https://169.254.169.254/latest/meta-data", "audio_url_forbidden",
                "https://no-such-host.invalid/a.wav", "audio_url_unresolvable");
        cases.forEach((url, code) -> submit(customer, body(customer.organizationId(), url)).response().then()
                .statusCode(422)
                .body("error.code", equalTo(code))
                .body("error.field", equalTo("transcription_options.audio_url")));

        assertEquals(50, db.balance(customer.organizationId()));
        assertEquals(0, db.transcriptions(customer.organizationId()));
        assertEquals(List.of(), queue.drain(1));
    }
}
