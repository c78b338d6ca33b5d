package ai.synapses.transcribe.api.webhook;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.EmbeddedQueueServer;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.local.HttpsFileServer.RecordedRequest;
import ai.synapses.transcribe.local.HttpsFileServer.Route;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks end to end over real parts: submit through the API, the worker's real job processor (driven
 * here, as the Lambda handler would), the real webhook queue (ElasticMQ) and its poller, a real HTTPS
 * receiver on loopback that checks every signature itself, and the real database. The retry schedule is
 * shortened to seconds, the time-out to 2 s and the queue's longest delay to 1 s (SQS: 900 s); the rules
 * are the production ones.
 */
@QuarkusTest
@TestProfile(WebhookDeliveryTest.FastRetries.class)
class WebhookDeliveryTest {

    public static class FastRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "transcribe.worker.poll-enabled", "false",
                    "transcribe.webhook.poll-enabled", "true",
                    "transcribe.worker.poll-wait", "1s",
                    "transcribe.webhook.timeout", "2s",
                    // the wait before the third attempt is longer than one queue delay may be: it hops
                    "transcribe.webhook.max-queue-delay", "1s",
                    "transcribe.webhook.retry-schedule", "1s,3s,1s,1s");
        }
    }

    static HttpsFileServer server;

    @Inject
    JobProcessor processor;

    @Inject
    Database db;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        server = HttpsFileServer.start().serve("/tone.wav", TestAudio.wav(1.0, 16000), "audio/wav");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void completedEventIsSignedWithTheOrganisationsSecretAndRecorded() throws Exception {
        Customer customer = Customers.create(100);
        server.status("/hooks/ok", 204);
        String id = finish(customer, "/tone.wav", "/hooks/ok", null);

        RecordedRequest hook = awaitRequests("/hooks/ok", 1).get(0);
        String secret = secret(customer);
        assertTrue(secret.startsWith("whsec_"));
        assertTrue(verifies(hook, secret), "the receiver verifies the signature with the secret the API shows");
        assertFalse(verifies(hook, "whsec_" + Base64.getEncoder().encodeToString(new byte[32])), "a wrong secret does not verify");
        assertTrue(hook.header("webhook-id").orElseThrow().startsWith("msg_"));
        long sent = Long.parseLong(hook.header("webhook-timestamp").orElseThrow());
        assertTrue(Math.abs(Instant.now().getEpochSecond() - sent) < 60);
        assertTrue(hook.header("Content-Type").orElseThrow().startsWith("application/json"));

        JsonNode body = json.readTree(hook.bodyText());
        assertEquals("transcription.completed", body.path("type").asText());
        assertEquals(id, body.path("data").path("transcription_id").asText());
        assertEquals(customer.organizationId(), body.path("data").path("organization_id").asText());
        assertEquals("completed", body.path("data").path("status").asText());
        assertEquals("/v1/audio/transcriptions/" + id, body.path("data").path("check_status").asText());
        assertTrue(body.path("data").path("error").isMissingNode());
        assertFalse(body.path("timestamp").asText().isEmpty());
        assertFalse(hook.bodyText().contains("\n") || hook.bodyText().contains(": "), "compact JSON");

        ExtractableResponse<Response> list = deliveries(customer, id).then().statusCode(200).extract();
        assertEquals(List.of("delivered"), list.path("data.events.state"));
        assertEquals(List.of(204), list.path("data.deliveries.status_code"));
        assertEquals(List.of("delivered"), list.path("data.deliveries.outcome"));
        assertEquals(hook.header("webhook-id").orElseThrow(), list.path("data.deliveries[0].webhook_id"));
        assertNotNull(list.path("data.deliveries[0].latency_ms"));
        assertNotNull(list.path("data.deliveries[0].attempted_at"));

        // redelivery: the same webhook-id again, a second attempt recorded
        given().header("Authorization", customer.bearer()).post(path(id)).then().statusCode(202)
                .body("data.events[0].state", equalTo("pending"));
        List<RecordedRequest> both = awaitRequests("/hooks/ok", 2);
        assertEquals(hook.header("webhook-id"), both.get(1).header("webhook-id"));
        assertTrue(verifies(both.get(1), secret));
        awaitState(customer, id, "delivered");
        assertEquals(2, deliveries(customer, id).then().extract().<List<?>>path("data.deliveries").size());

        // not the owner: as absent as a missing transcription
        Customer other = Customers.create(0);
        deliveries(other, id).then().statusCode(404).body("error.code", equalTo("transcription_not_found"));
        given().header("Authorization", other.bearer()).post(path(id)).then().statusCode(404);
        given().get(path(id)).then().statusCode(401);
    }

    @Test
    void failingReceiverIsRetriedUntilItRecoversAndGetsTheEventExactlyOnce() throws Exception {
        Customer customer = Customers.create(100);
        double retryingBefore = attempts("retrying");
        double deliveredBefore = attempts("delivered");
        server.status("/hooks/flaky", 500);
        String id = finish(customer, "/tone.wav", "/hooks/flaky", null);
        long balanceAfterJob = db.balance(customer.organizationId());

        awaitRequests("/hooks/flaky", 1);
        Thread.sleep(200); // the first request has read its route (the next attempt is 1 s away)
        // second attempt: the receiver takes longer than the 2 s time-out
        server.route("/hooks/flaky", Route.status(200).delayed(Duration.ofSeconds(4)));
        awaitRequests("/hooks/flaky", 2);
        Thread.sleep(200);
        server.status("/hooks/flaky", 200);
        awaitState(customer, id, "delivered");
        Thread.sleep(4000); // longer than the rest of the schedule: nothing more arrives

        List<RecordedRequest> requests = server.requests("/hooks/flaky");
        assertEquals(3, requests.size(), "500, time-out, 200: then never again");
        assertEquals(1, requests.stream().map(r -> r.header("webhook-id").orElseThrow()).distinct().count(),
                "every retry carries the same webhook-id");
        String secret = secret(customer);
        assertTrue(requests.stream().allMatch(r -> verifies(r, secret)));

        ExtractableResponse<Response> list = deliveries(customer, id).then().statusCode(200).extract();
        assertEquals(List.of(1, 2, 3), list.path("data.deliveries.attempt"));
        assertEquals(List.of("retrying", "retrying", "delivered"), list.path("data.deliveries.outcome"));
        List<Integer> statuses = list.path("data.deliveries.status_code");
        assertEquals(500, statuses.get(0));
        assertNull(statuses.get(1), "a time-out has no status");
        assertEquals(200, statuses.get(2));
        assertTrue(list.<String>path("data.deliveries[1].error").startsWith("timeout"), list.asString());
        assertTrue(list.<Integer>path("data.deliveries[1].latency_ms") >= 1900, list.asString());
        // 3 s between the end of attempt 2 and attempt 3, with queue delays of at most 1 s: the message hopped
        long gap = db.number("select (extract(epoch from b.attempted_at - a.attempted_at) * 1000)::bigint - a.latency_ms"
                + " from webhook_deliveries a join webhook_deliveries b on b.message_id = a.message_id"
                + " where a.transcription_id = ? and a.attempt = 2 and b.attempt = 3", id);
        assertTrue(gap >= 2900, "waited " + gap + " ms");
        assertEquals(1, db.count("select count(*) from webhook_deliveries where transcription_id = ? and outcome = 'delivered'", id));
        // the attempts are in the operator's metrics too (other tests' retries may add to them meanwhile)
        assertTrue(attempts("retrying") - retryingBefore >= 2, "retrying attempts counted");
        assertTrue(attempts("delivered") - deliveredBefore >= 1, "delivered attempt counted");
        System.out.printf("WebhookDeliveryTest: attempts %s, statuses %s, latencies ms %s, %d ms before attempt 3,"
                        + " delivered %d ms after the job completed%n",
                list.path("data.deliveries.attempt"), statuses, list.path("data.deliveries.latency_ms"), gap,
                db.number("select (extract(epoch from m.delivered_at - t.completed_at) * 1000)::bigint from webhook_messages m"
                        + " join transcriptions t on t.id = m.transcription_id where m.transcription_id = ?", id));

        // the webhook's troubles changed neither the job nor the bill
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id)
                .then().statusCode(200).body("data.status", equalTo("completed"));
        assertEquals(balanceAfterJob, db.balance(customer.organizationId()));
        assertEquals(db.balance(customer.organizationId()), db.ledgerSum(customer.organizationId()));
    }

    @Test
    void goneReceiverGetsNothingMore() throws Exception {
        Customer customer = Customers.create(100);
        server.status("/hooks/gone", 410);
        String id = finish(customer, "/tone.wav", "/hooks/gone", null);

        awaitRequests("/hooks/gone", 1);
        awaitState(customer, id, "disabled");
        Thread.sleep(3000);
        assertEquals(1, server.requestCount("/hooks/gone"));
        ExtractableResponse<Response> list = deliveries(customer, id).then().statusCode(200).extract();
        assertEquals(List.of(410), list.path("data.deliveries.status_code"));
        assertEquals(List.of("disabled"), list.path("data.deliveries.outcome"));
        given().header("Authorization", customer.bearer()).post(path(id)).then().statusCode(409)
                .body("error.code", equalTo("webhook_disabled"));
        Thread.sleep(2000);
        assertEquals(1, server.requestCount("/hooks/gone"));
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        Customer customer = Customers.create(100);
        server.status("/hooks/target", 200);
        server.redirect("/hooks/moved", 307, server.url("/hooks/target"));
        String id = finish(customer, "/tone.wav", "/hooks/moved", null);

        awaitRequests("/hooks/moved", 2);
        ExtractableResponse<Response> list = deliveries(customer, id).then().statusCode(200).extract();
        List<Integer> statuses = list.path("data.deliveries.status_code");
        assertEquals(307, statuses.get(0));
        assertEquals("retrying", list.path("data.deliveries[0].outcome"));
        assertTrue(list.<String>path("data.deliveries[0].error").contains("redirects are not followed"));
        assertEquals(0, server.requestCount("/hooks/target"));
    }

    @Test
    void eventsFilterAndTheFailedEvent() throws Exception {
        Customer customer = Customers.create(100);
        server.status("/hooks/failures-only", 200);
        server.status("/hooks/all", 200);

        // subscribed to failures only: a completed job sends nothing
        String completed = finish(customer, "/tone.wav", "/hooks/failures-only", List.of("transcription.failed"));
        // default events: a failed job sends transcription.failed with the error
        server.serve("/vanishing.wav", TestAudio.wav(1.0, 16000), "audio/wav");
        String failed = submit(customer, "/vanishing.wav", "/hooks/all", null);
        server.status("/vanishing.wav", 404);
        processor.process(new JobMessage(failed, customer.organizationId()));

        JsonNode body = json.readTree(awaitRequests("/hooks/all", 1).get(0).bodyText());
        assertEquals("transcription.failed", body.path("type").asText());
        assertEquals("failed", body.path("data").path("status").asText());
        assertFalse(body.path("data").path("error").path("code").asText().isEmpty());
        assertFalse(body.path("data").path("error").path("message").asText().isEmpty());

        Thread.sleep(2000);
        assertEquals(0, server.requestCount("/hooks/failures-only"));
        deliveries(customer, completed).then().statusCode(200).body("data.events.size()", equalTo(0));
        given().header("Authorization", customer.bearer()).post(path(completed)).then().statusCode(409)
                .body("error.code", equalTo("no_webhook_event"));
        // a failed job is refunded in full whatever its webhook does
        assertEquals(100 - 1, db.balance(customer.organizationId()));
    }

    @Test
    void afterARotationBothSecretsSign() throws Exception {
        Customer customer = Customers.create(100);
        String before = secret(customer);
        assertEquals(before, secret(customer), "reading does not change it");
        ExtractableResponse<Response> rotated = given().header("Authorization", customer.bearer())
                .post("/v1/organizations/" + customer.organizationId() + "/webhook-secret/rotate")
                .then().statusCode(200).extract();
        String after = rotated.path("data.secret");
        assertFalse(before.equals(after));
        assertEquals(before, rotated.path("data.previous_secret"));
        assertNotNull(rotated.path("data.previous_secret_expires_at"));

        server.status("/hooks/rotating", 200);
        finish(customer, "/tone.wav", "/hooks/rotating", null);
        RecordedRequest hook = awaitRequests("/hooks/rotating", 1).get(0);
        assertEquals(2, hook.header("webhook-signature").orElseThrow().split(" ").length);
        assertTrue(verifies(hook, after));
        assertTrue(verifies(hook, before));

        Customer other = Customers.create(0);
        given().header("Authorization", other.bearer()).get("/v1/organizations/" + customer.organizationId() + "/webhook-secret")
                .then().statusCode(403).body("error.code", equalTo("organization_mismatch"));
        given().header("Authorization", other.bearer())
                .post("/v1/organizations/" + customer.organizationId() + "/webhook-secret/rotate").then().statusCode(403);
        assertEquals(after, secret(customer), "a refused rotation changes nothing");
    }

    @Test
    void anEventCommittedWhileTheQueueIsDownIsNotLost() throws Exception {
        Customer customer = Customers.create(100);
        server.status("/hooks/outage", 200);
        String id = submit(customer, "/tone.wav", "/hooks/outage", null);
        EmbeddedQueueServer.stop();
        try {
            // the job completes and its event commits with it; the send after the commit fails
            assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(id, customer.organizationId())));
            assertEquals(1, db.count("select count(*) from webhook_messages where transcription_id = ? and state = 'pending'"
                    + " and enqueued_at is null", id));
            assertEquals(0, server.requestCount("/hooks/outage"));
        } finally {
            EmbeddedQueueServer.restart();
        }
        // the outbox sweeper hands it to the (recreated) queue; the poller delivers it, once
        awaitRequests("/hooks/outage", 1);
        awaitState(customer, id, "delivered");
        Thread.sleep(4000);
        assertEquals(1, server.requestCount("/hooks/outage"));
        assertTrue(verifies(server.requests("/hooks/outage").get(0), secret(customer)));
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id)
                .then().statusCode(200).body("data.status", equalTo("completed"));
    }

    // --- helpers

    /** Submits with a webhook and runs the job through the worker's processor, as the Lambda handler would. */
    private String finish(Customer customer, String audio, String hook, List<String> events) throws Exception {
        String id = submit(customer, audio, hook, events);
        assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(id, customer.organizationId())));
        return id;
    }

    private String submit(Customer customer, String audio, String hook, List<String> events) throws Exception {
        Map<String, Object> webhook = events == null ? Map.of("url", server.url(hook)) : Map.of("url", server.url(hook), "events", events);
        Map<String, Object> body = Map.of("organization_id", customer.organizationId(),
                "transcription_options", Map.of("language", "en", "audio_url", server.url(audio)),
                "webhook", webhook);
        return given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(json.writeValueAsString(body))
                .post("/v1/audio/transcribe").then().statusCode(202).extract().path("data.transcription_id");
    }

    private static String secret(Customer customer) {
        return given().header("Authorization", customer.bearer())
                .get("/v1/organizations/" + customer.organizationId() + "/webhook-secret")
                .then().statusCode(200).extract().path("data.secret");
    }

    private static String path(String id) {
        return "/v1/audio/transcriptions/" + id + "/webhook-deliveries";
    }

    private static Response deliveries(Customer customer, String id) {
        return given().header("Authorization", customer.bearer()).get(path(id));
    }

    private static List<RecordedRequest> awaitRequests(String path, int count) throws InterruptedException {
        await(() -> server.requestCount(path) >= count, "request " + count + " to " + path);
        return server.requests(path);
    }

    private static void awaitState(Customer customer, String id, String state) throws InterruptedException {
        await(() -> state.equals(deliveries(customer, id).then().extract().path("data.events[0].state")), "webhook " + state);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    /**
     * The receiver's side, written from the Standard Webhooks specification rather than with the service's
     * signer: HMAC-SHA256 over "id.timestamp.body" with the base64 key after "whsec_", any v1 entry matching.
     */
    static boolean verifies(RecordedRequest request, String secret) {
        try {
            String signed = request.header("webhook-id").orElseThrow() + "." + request.header("webhook-timestamp").orElseThrow()
                    + "." + request.bodyText();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String expected = Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
            for (String entry : request.header("webhook-signature").orElseThrow().split(" ")) {
                if (entry.equals("v1," + expected)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double attempts(String outcome) {
        return registry.counter("transcribe.webhook.attempts", "outcome", outcome).count();
    }
}
