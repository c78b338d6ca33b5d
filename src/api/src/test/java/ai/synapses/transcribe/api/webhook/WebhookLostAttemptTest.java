package ai.synapses.transcribe.api.webhook;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.local.HttpsFileServer.Route;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import ai.synapses.transcribe.webhook.WebhookAttempts;
import ai.synapses.transcribe.webhook.WebhookMessage;
import ai.synapses.transcribe.webhook.WebhookProcessor;
import ai.synapses.transcribe.webhook.WebhookQueue;
import ai.synapses.transcribe.webhook.WebhookQueueMessage;
import ai.synapses.transcribe.webhook.WebhookSecrets;
import ai.synapses.transcribe.webhook.WebhookSender;
import ai.synapses.transcribe.webhook.WebhookSettings;
import ai.synapses.transcribe.webhook.WebhookSigner;
import ai.synapses.transcribe.webhook.WebhookSweeper;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import static ai.synapses.transcribe.queue.Blocking.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A webhook attempt that dies with its process (a function time-out, a killed worker) still counts: the
 * retry schedule moves on, the delivery log shows the attempt as {@code lost}, and the event ends
 * {@code failed} after the schedule like any other. Real parts: the API, the job processor, the webhook
 * queue (ElasticMQ), the sweeper and processor, a real HTTPS receiver on loopback, PostgreSQL.
 * <p>
 * Killing this JVM would end the test, so here the dying worker is {@link #killedMidAttempt}: it takes the
 * attempt's queue message and never acknowledges it, claims the attempt with the real {@link WebhookAttempts}
 * and sends the real request, which the receiver holds open; then it is gone and its answer is never
 * recorded. In src/worker, {@code WebhookWorkerKilledIT} does the same to a real worker process with SIGKILL.
 * The test plays Lambda's parts: the queue's event source ({@link #pump}) and the scheduled sweeper
 * ({@link WebhookSweeper#sweep}, which the sweep function calls). Schedule: 3 attempts 1 s apart; time-out
 * 2 s plus 2 s to record, so a lease runs out 4 s after its claim.
 */
@QuarkusTest
@TestProfile(WebhookLostAttemptTest.ShortSchedule.class)
class WebhookLostAttemptTest {

    public static class ShortSchedule implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "transcribe.webhook.poll-enabled", "false",
                    "transcribe.webhook.timeout", "2s",
                    "transcribe.webhook.lease-margin", "2s",
                    "transcribe.webhook.max-queue-delay", "1s",
                    "transcribe.webhook.retry-schedule", "1s,1s",
                    // the test runs the sweeper when Lambda's scheduler would
                    "transcribe.webhook.sweep-interval", "1h");
        }
    }

    static HttpsFileServer server;
    static final ExecutorService dyingWorkers = Executors.newCachedThreadPool();

    @Inject
    JobProcessor jobs;

    @Inject
    WebhookProcessor webhooks;

    @Inject
    WebhookAttempts attempts;

    @Inject
    WebhookSender sender;

    @Inject
    WebhookSecrets secrets;

    @Inject
    WebhookSweeper sweeper;

    @Inject
    WebhookSettings settings;

    @Inject
    WebhookQueue queue;

    @Inject
    SqsClient sqs;

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
        dyingWorkers.shutdownNow();
        server.close();
    }

    @Test
    void anAttemptKilledMidwayCountsAndTheScheduleGoesOnToFailed() throws Throwable {
        Customer customer = Customers.create(100);
        double lostBefore = registry.counter("transcribe.webhook.attempts", "outcome", "lost").count();
        server.route("/hooks/hang-then-503", Route.status(200).delayed(Duration.ofSeconds(60)));
        String id = finish(customer, "/hooks/hang-then-503");
        long balanceAfterJob = db.balance(customer.organizationId());
        String messageId = messageId(id);

        killedMidAttempt(messageId, 0);
        awaitRequests("/hooks/hang-then-503", 1);
        // while it is under way the customer sees it, counted, with no answer yet
        ExtractableResponse<Response> during = deliveries(customer, id);
        assertEquals(List.of("in_flight"), during.path("data.deliveries.outcome"));
        assertNull(during.path("data.deliveries[0].status_code"));
        assertNull(during.path("data.deliveries[0].latency_ms"));
        assertEquals("pending", during.path("data.events[0].state"));
        assertEquals(1, (int) during.path("data.events[0].attempts"));

        server.status("/hooks/hang-then-503", 503);
        // while the dead attempt's lease runs, the sweeper leaves it alone and nothing is retried
        OffsetDateTime leasedUntil = leasedUntil(messageId);
        OffsetDateTime sweptAt = now();
        await(sweeper::sweep);
        pump(1);
        if (sweptAt.isBefore(leasedUntil)) { // a slow machine may have got past it already
            assertEquals("in_flight", db.text("select outcome from webhook_deliveries where message_id = ? and attempt = 1", messageId));
            assertEquals(1, server.requestCount("/hooks/hang-then-503"), "nothing is retried while the lease runs");
        }

        // the sweeper, once the lease has run out: lost, and the event goes on to its next attempt
        until(() -> {
            await(sweeper::sweep);
            return "lost".equals(db.text("select outcome from webhook_deliveries where message_id = ? and attempt = 1", messageId));
        }, "the sweeper records the attempt as lost");
        pumpUntil(() -> "failed".equals(db.text("select state from webhook_messages where id = ?", messageId)), "the event fails");

        ExtractableResponse<Response> list = deliveries(customer, id);
        assertEquals(List.of(1, 2, 3), list.path("data.deliveries.attempt"));
        assertEquals(List.of("lost", "retrying", "failed"), list.path("data.deliveries.outcome"));
        List<Integer> statuses = list.path("data.deliveries.status_code");
        assertNull(statuses.get(0), "no answer was recorded for the lost attempt");
        assertEquals(List.of(503, 503), statuses.subList(1, 3));
        assertNull(list.path("data.deliveries[0].latency_ms"), "no answer was timed");
        assertNotNull(list.path("data.deliveries[1].latency_ms"));
        assertTrue(list.<String>path("data.deliveries[0].error").startsWith("worker_stopped:"), list.asString());
        assertFalse(list.<String>path("data.deliveries[0].error").contains("last attempt"), list.asString());
        assertEquals("failed", list.path("data.events[0].state"));
        assertEquals(3, (int) list.path("data.events[0].attempts"));
        // the second attempt waited for the lease (4 s) and the first wait of the schedule (1 s)
        long waited = db.number("select (extract(epoch from b.attempted_at - a.attempted_at) * 1000)::bigint"
                + " from webhook_deliveries a join webhook_deliveries b on b.message_id = a.message_id"
                + " where a.message_id = ? and a.attempt = 1 and b.attempt = 2", messageId);
        assertTrue(waited >= 5000, "attempt 2 came " + waited + " ms after attempt 1");

        // the receiver got three requests, one per attempt, with one webhook-id; nothing more comes
        Thread.sleep(3000);
        pump(0);
        assertEquals(3, server.requestCount("/hooks/hang-then-503"));
        assertEquals(1, server.requests("/hooks/hang-then-503").stream().map(r -> r.header("webhook-id").orElseThrow())
                .distinct().count());
        assertEquals(1.0, registry.counter("transcribe.webhook.attempts", "outcome", "lost").count() - lostBefore);
        System.out.printf("WebhookLostAttemptTest: outcomes %s, statuses %s, attempt 2 came %d ms after the lost attempt%n",
                list.path("data.deliveries.outcome"), statuses, waited);

        // the webhook's troubles changed neither the job nor the bill
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id)
                .then().statusCode(200).body("data.status", equalTo("completed"));
        assertEquals(balanceAfterJob, db.balance(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void aLastAttemptKilledMidwayFailsTheEvent() throws Throwable {
        Customer customer = Customers.create(100);
        server.status("/hooks/503-then-hang", 503);
        String id = finish(customer, "/hooks/503-then-hang");
        String messageId = messageId(id);
        pumpUntil(() -> server.requestCount("/hooks/503-then-hang") == 2
                && db.count("select count(*) from webhook_deliveries where message_id = ? and outcome = 'retrying'", messageId) == 2,
                "two failed attempts");

        server.route("/hooks/503-then-hang", Route.status(200).delayed(Duration.ofSeconds(60)));
        killedMidAttempt(messageId, 2);
        awaitRequests("/hooks/503-then-hang", 3);
        until(() -> {
            await(sweeper::sweep);
            return "failed".equals(db.text("select state from webhook_messages where id = ?", messageId));
        }, "the sweeper fails the event");

        ExtractableResponse<Response> list = deliveries(customer, id);
        assertEquals(List.of("retrying", "retrying", "lost"), list.path("data.deliveries.outcome"));
        assertTrue(list.<String>path("data.deliveries[2].error").contains("it was the last attempt"), list.asString());
        assertEquals("failed", list.path("data.events[0].state"));
        assertNull(list.path("data.events[0].next_attempt_at"));
        // no fourth attempt, from the sweeper or a late queue message
        Thread.sleep(2000);
        await(sweeper::sweep);
        pump(1);
        assertEquals(3, server.requestCount("/hooks/503-then-hang"));
        assertEquals(3, db.count("select count(*) from webhook_deliveries where message_id = ?", messageId));
        // a failed event can be delivered again, with a fresh schedule, as any other
        server.status("/hooks/503-then-hang", 204);
        given().header("Authorization", customer.bearer()).post(path(id)).then().statusCode(202);
        pumpUntil(() -> "delivered".equals(db.text("select state from webhook_messages where id = ?", messageId)), "redelivered");
        assertEquals(List.of("retrying", "retrying", "lost", "delivered"), deliveries(customer, id).path("data.deliveries.outcome"));
        db.assertInvariantsHold();
    }

    @Test
    void theDeadAttemptsOwnQueueMessageRecordsTheLossAndALateAnswerChangesNothing() throws Throwable {
        Customer customer = Customers.create(100);
        server.route("/hooks/slow", Route.status(200).delayed(Duration.ofSeconds(60)));
        String id = finish(customer, "/hooks/slow");
        String messageId = messageId(id);
        WebhookMessage before = find(messageId);
        WebhookAttempts.Claimed claimed = await(() -> attempts.claim(before, 0, now(), Duration.ofSeconds(3)));
        assertNotNull(claimed);
        // a second claim of the same attempt (a duplicate message, another worker) gets nothing
        assertNull(await(() -> attempts.claim(before, 0, now(), Duration.ofSeconds(3))));
        // the unacknowledged message of the dead invocation comes back while the lease still holds: nothing to do
        OffsetDateTime leasedUntil = leasedUntil(messageId);
        OffsetDateTime redeliveredAt = now();
        assertEquals(MessageOutcome.ACKNOWLEDGE, webhooks.process(new WebhookQueueMessage(messageId, 0)));
        if (redeliveredAt.isBefore(leasedUntil)) { // a slow machine may have got past it already
            assertEquals("in_flight", db.text("select outcome from webhook_deliveries where message_id = ?", messageId));
        }

        until(() -> now().isAfter(leasedUntil), "the lease runs out");
        // ... and after it: the processor records the loss itself and queues the next attempt
        server.status("/hooks/slow", 200);
        assertEquals(MessageOutcome.ACKNOWLEDGE, webhooks.process(new WebhookQueueMessage(messageId, 0)));
        assertEquals("lost", db.text("select outcome from webhook_deliveries where message_id = ?", messageId));
        assertEquals(0, server.requestCount("/hooks/slow"), "recording a loss sends nothing");

        // the dead attempt's answer, were it to arrive now, is not recorded over the loss
        WebhookAttempts.Completion late = await(() -> attempts.complete(before, claimed,
                new WebhookSender.Attempt(200, 5000, null), now()));
        assertFalse(late.recorded());
        assertEquals("lost", db.text("select outcome from webhook_deliveries where message_id = ?", messageId));
        assertEquals("pending", db.text("select state from webhook_messages where id = ?", messageId));

        // the next attempt, from the queue message the processor sent
        pumpUntil(() -> "delivered".equals(db.text("select state from webhook_messages where id = ?", messageId)), "delivered");
        ExtractableResponse<Response> list = deliveries(customer, id);
        assertEquals(List.of("lost", "delivered"), list.path("data.deliveries.outcome"));
        assertEquals(List.of(1, 2), list.path("data.deliveries.attempt"));
        assertEquals(1, server.requestCount("/hooks/slow"));
        db.assertInvariantsHold();
    }

    // --- the dying worker

    /**
     * Takes the queue message of the attempt after {@code attemptsBefore} (processing the others, hops included,
     * as a worker would), claims the attempt and sends it on a thread whose answer nobody records.
     */
    private void killedMidAttempt(String messageId, int attemptsBefore) throws Throwable {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (Message received : receive(1)) {
                WebhookQueueMessage queued = webhooks.parse(received.body());
                WebhookMessage message = find(messageId);
                OffsetDateTime now = now();
                if (queued.messageId().equals(messageId) && queued.attempt() == attemptsBefore
                        && message.attempts == attemptsBefore && !message.nextAttemptAt.isAfter(now)) {
                    // never acknowledged: the invocation that received it dies
                    WebhookAttempts.Claimed claimed = await(() -> attempts.claim(message, attemptsBefore, now,
                            settings.timeout().plus(settings.leaseMargin())));
                    assertNotNull(claimed, "the dying worker claims the attempt");
                    String signatures = WebhookSigner.signatures(await(() -> secrets.current(message.organizationId)).signing(),
                            message.id, now.toEpochSecond(), message.payload);
                    dyingWorkers.submit(() -> sender.send(message.url, message.id, now.toEpochSecond(), message.payload, signatures));
                    return;
                }
                handle(received);
            }
        }
        throw new AssertionError("the queue message of attempt " + (attemptsBefore + 1) + " never came");
    }

    // --- Lambda's parts: the webhook queue's event source

    /** Hands what is on the webhook queue to the processor, deleting what it acknowledges; emits how many. */
    private int pump(int waitSeconds) {
        List<Message> batch = receive(waitSeconds);
        batch.forEach(this::handle);
        return batch.size();
    }

    private void pumpUntil(BooleanSupplier done, String what) throws InterruptedException {
        until(() -> {
            pump(1);
            return done.getAsBoolean();
        }, what);
    }

    private List<Message> receive(int waitSeconds) {
        return sqs.receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds)).messages();
    }

    private void handle(Message received) {
        if (webhooks.handle(received.messageId(), received.body()) == MessageOutcome.ACKNOWLEDGE) {
            sqs.deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(received.receiptHandle()));
        }
    }

    // --- helpers

    /** Submits with a webhook and completes the job through the worker's processor; its event is queued. */
    private String finish(Customer customer, String hook) throws Exception {
        Map<String, Object> body = Map.of("organization_id", customer.organizationId(),
                "transcription_options", Map.of("language", "en", "audio_url", server.url("/tone.wav")),
                "webhook", Map.of("url", server.url(hook)));
        String id = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                .body(json.writeValueAsString(body)).post("/v1/audio/transcribe")
                .then().statusCode(202).extract().path("data.transcription_id");
        assertEquals(MessageOutcome.ACKNOWLEDGE, jobs.process(new JobMessage(id, customer.organizationId())));
        return id;
    }

    private OffsetDateTime leasedUntil(String messageId) throws Throwable {
        return find(messageId).leasedUntil;
    }

    private String messageId(String transcriptionId) {
        return db.text("select id from webhook_messages where transcription_id = ?", transcriptionId);
    }

    private static WebhookMessage find(String messageId) throws Throwable {
        return await(() -> Panache.withSession(() -> WebhookMessage.<WebhookMessage>findById(messageId)));
    }

    private static String path(String id) {
        return "/v1/audio/transcriptions/" + id + "/webhook-deliveries";
    }

    private static ExtractableResponse<Response> deliveries(Customer customer, String id) {
        return given().header("Authorization", customer.bearer()).get(path(id)).then().statusCode(200).extract();
    }

    private static void awaitRequests(String path, int count) throws InterruptedException {
        until(() -> server.requestCount(path) >= count, "request " + count + " to " + path);
    }

    private interface Check {
        boolean holds() throws Throwable;
    }

    private static void until(Check condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Throwable e) {
                throw new AssertionError(what, e);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(200);
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
