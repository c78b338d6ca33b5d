package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import ai.synapses.transcribe.webhook.WebhookProcessor;
import ai.synapses.transcribe.webhook.WebhookQueueMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Privacy after {@code DELETE}, and the webhook URL's address check at submit. A pre-signed audio URL (its path
 * and query are a credential) and a webhook URL carrying a token go through the real submit, the worker's real
 * job processor, the real webhook sender to an HTTPS receiver on loopback and an idempotent replay; after the
 * delete, no answer and no row holds more of either than its host.
 */
@QuarkusTest
class PrivacyAfterDeleteTest {

    static final String AUDIO_SECRET = "X-Amz-Signature=c2VjcmV0LXNpZ25hdHVyZQ";
    static final String HOOK_SECRET = "tok_5ecret5ecret";

    static HttpsFileServer server;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Inject
    JobProcessor jobs;

    @Inject
    WebhookProcessor webhooks;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void start() throws IOException {
        server = HttpsFileServer.start()
                .serve("/private/meeting-2026-11-26.wav", TestAudio.wav(1.0, 16000), "audio/wav")
                .status("/hooks/" + HOOK_SECRET, 204);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void emptyQueue() {
        queue.drain(0);
    }

    @Test
    void deleteForgetsTheUrlsEverywhereAndKeepsTheBilling() throws Exception {
        Customer customer = Customers.create(20);
        String audioUrl = server.url("/private/meeting-2026-11-26.wav") + "?X-Amz-Expires=3600&" + AUDIO_SECRET;
        String hookUrl = server.url("/hooks/" + HOOK_SECRET) + "?key=k3y";
        String host = "https://localhost:" + server.port();
        String body = json.writeValueAsString(Map.of("organization_id", customer.organizationId(),
                "transcription_options", Map.of("language", "en", "audio_url", audioUrl),
                "webhook", Map.of("url", hookUrl, "events", List.of("transcription.completed"))));
        ExtractableResponse<Response> accepted = submit(customer, body, "privacy-key-1");
        assertEquals(202, accepted.statusCode(), accepted.asString());
        String id = accepted.path("data.transcription_id");
        assertEquals(audioUrl, accepted.path("data.transcription_options.audio_url"), "before the delete, the URL as given");

        // the worker transcribes it, and the completed event reaches the receiver
        int hooksBefore = server.requestCount("/hooks/" + HOOK_SECRET);
        assertEquals(MessageOutcome.ACKNOWLEDGE, jobs.process(new JobMessage(id, customer.organizationId())));
        String messageId = db.text("select id from webhook_messages where transcription_id = ?", id);
        assertEquals(MessageOutcome.ACKNOWLEDGE, webhooks.process(new WebhookQueueMessage(messageId, 0)));
        assertEquals(hooksBefore + 1, server.requestCount("/hooks/" + HOOK_SECRET));
        assertTrue(everywhere(HOOK_SECRET) > 0 && everywhere(AUDIO_SECRET) > 0, "the URLs were stored while the job ran");
        long consumed = ((Number) status(customer, id).path("billing.synapses_consumed")).longValue();

        ExtractableResponse<Response> deleted = given().header("Authorization", customer.bearer())
                .delete("/v1/audio/transcriptions/" + id).then().extract();
        assertEquals(200, deleted.statusCode(), deleted.asString());
        for (ExtractableResponse<Response> answer : List.of(deleted, status(customer, id))) {
            assertEquals(host, answer.path("data.transcription_options.audio_url"));
            assertEquals(host, answer.path("data.webhook.url"));
            assertFalse(answer.asString().contains("/private/") || answer.asString().contains(AUDIO_SECRET)
                    || answer.asString().contains(HOOK_SECRET), answer.asString());
            assertEquals(consumed, ((Number) answer.path("billing.synapses_consumed")).longValue(), "the billing stays");
        }
        String deliveries = given().header("Authorization", customer.bearer())
                .get("/v1/audio/transcriptions/" + id + "/webhook-deliveries").then().statusCode(200).extract().asString();
        assertFalse(deliveries.contains(HOOK_SECRET), deliveries);
        assertTrue(deliveries.contains("\"url\":\"" + host + "\""), deliveries);
        // the idempotent replay is still the same job, without what was deleted
        ExtractableResponse<Response> replay = submit(customer, body, "privacy-key-1");
        assertEquals(202, replay.statusCode(), replay.asString());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(id, replay.path("data.transcription_id"));
        assertEquals(host, replay.path("data.transcription_options.audio_url"));
        assertFalse(replay.asString().contains(AUDIO_SECRET) || replay.asString().contains(HOOK_SECRET), replay.asString());
        // nowhere to deliver to any more
        given().header("Authorization", customer.bearer()).post("/v1/audio/transcriptions/" + id + "/webhook-deliveries")
                .then().statusCode(410).body("error.code", org.hamcrest.Matchers.equalTo("transcription_content_deleted"));
        assertEquals(0, everywhere(HOOK_SECRET), "no row holds the webhook URL's token");
        assertEquals(0, everywhere(AUDIO_SECRET), "no row holds the audio URL's signature");
        assertEquals(0, everywhere("/private/meeting"), "no row holds the audio URL's path");
        // deleting again changes nothing
        given().header("Authorization", customer.bearer()).delete("/v1/audio/transcriptions/" + id).then().statusCode(200);
        assertEquals(20 - consumed, db.balance(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void aWebhookStillPendingIsNotDeliveredAfterTheDelete() throws Exception {
        Customer customer = Customers.create(20);
        String body = json.writeValueAsString(Map.of("organization_id", customer.organizationId(),
                "transcription_options", Map.of("language", "en", "audio_url", server.url("/private/meeting-2026-11-26.wav")),
                "webhook", Map.of("url", server.url("/hooks/" + HOOK_SECRET) + "?pending=1")));
        String id = submit(customer, body, null).path("data.transcription_id");
        assertEquals(MessageOutcome.ACKNOWLEDGE, jobs.process(new JobMessage(id, customer.organizationId())));
        String messageId = db.text("select id from webhook_messages where transcription_id = ?", id);
        int before = server.requestCount("/hooks/" + HOOK_SECRET);

        given().header("Authorization", customer.bearer()).delete("/v1/audio/transcriptions/" + id).then().statusCode(200);
        // the event's queue message arrives after the delete: nothing is sent
        assertEquals(MessageOutcome.ACKNOWLEDGE, webhooks.process(new WebhookQueueMessage(messageId, 0)));
        assertEquals(before, server.requestCount("/hooks/" + HOOK_SECRET));
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id + "/webhook-deliveries")
                .then().statusCode(200).body("data.events[0].state", org.hamcrest.Matchers.equalTo("disabled"))
                .body("data.deliveries.size()", org.hamcrest.Matchers.equalTo(0));
        assertEquals(0, everywhere("pending=1"));
        db.assertInvariantsHold();
    }

    @Test
    void aWebhookUrlTheSenderWouldRefuseIsRefusedAtSubmit() throws Exception {
        Customer customer = Customers.create(20);
        server.reset();
        Map<String, String> refused = Map.of(
                // cloud metadata: refused even where local networks are allowed (as in this test profile)
                "https://169.254.169.254/latest/meta-data/", "webhook_url_forbidden",
                "https://[::ffff:169.254.169.254]/hook", "webhook_url_forbidden",
                "https://0.0.0.0:" + server.port() + "/hook", "webhook_url_forbidden",
                // a name with no address (.invalid never resolves)
                "https://hooks.example.invalid/hook", "webhook_url_unresolvable");
        for (Map.Entry<String, String> hook : refused.entrySet()) {
            String body = json.writeValueAsString(Map.of("organization_id", customer.organizationId(),
                    "transcription_options", Map.of("language", "en", "audio_url", server.url("/private/meeting-2026-11-26.wav")),
                    "webhook", Map.of("url", hook.getKey())));
            ExtractableResponse<Response> answer = submit(customer, body, "hook-" + hook.getValue() + hook.getKey().length());
            assertEquals(422, answer.statusCode(), hook.getKey() + ": " + answer.asString());
            assertEquals(hook.getValue(), answer.path("error.code"), hook.getKey());
            assertEquals("webhook.url", answer.path("error.field"), hook.getKey());
            // the same key works again once the URL is fixed: the refusal used nothing up
            assertEquals(0, db.count("select count(*) from idempotency_keys where organization_id = ?", customer.organizationId()));
        }
        assertEquals(0, server.requestCount(), "the audio was not fetched for a submit that was going to be refused");
        assertEquals(20, db.balance(customer.organizationId()));
        assertEquals(0, db.transcriptions(customer.organizationId()));
        assertTrue(queue.drain(1).isEmpty(), "nothing was queued");
        db.assertInvariantsHold();
    }

    private static ExtractableResponse<Response> submit(Customer customer, String body, String idempotencyKey) {
        var request = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/v1/audio/transcribe").then().extract();
    }

    private static ExtractableResponse<Response> status(Customer customer, String id) {
        return given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id).then().statusCode(200).extract();
    }

    /** Rows of every table that stores something of a submit's URLs, whose text contains {@code text}. */
    private long everywhere(String text) {
        String like = "%" + text + "%";
        return db.count("select (select count(*) from transcriptions t where t::text like ?)"
                + " + (select count(*) from webhook_messages m where m::text like ?)"
                + " + (select count(*) from webhook_deliveries d where d::text like ?)"
                + " + (select count(*) from idempotency_keys k where k::text like ?)", like, like, like, like);
    }
}
