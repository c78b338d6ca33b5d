package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.api.TestWorker;
import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.local.EmbeddedPostgresServer;
import ai.synapses.transcribe.local.EmbeddedQueueServer;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.QueueSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static ai.synapses.transcribe.queue.Blocking.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real faults, injected while customers submit: the embedded PostgreSQL and ElasticMQ are stopped and
 * restarted on their ports, workers die after claiming, messages are delivered twice, customers cancel
 * and replay. Each test ends with the operator's invariant check over the whole database.
 */
@QuarkusTest
@TestProfile(FaultInjectionTest.ShortTimers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {

    /** Sweepers and breakers on a scale of seconds, so recovery fits in a test. */
    public static class ShortTimers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("transcribe.worker.poll-enabled", "false"),
                    Map.entry("transcribe.worker.processing-timeout", "5s"),
                    Map.entry("transcribe.worker.sweep-interval", "1s"),
                    Map.entry("transcribe.worker.max-attempts", "3"),
                    Map.entry("transcribe.queue.sweep-interval", "1s"),
                    Map.entry("transcribe.queue.sweep-grace", "1s"),
                    Map.entry("transcribe.resilience.database.breaker-delay", "1s"),
                    Map.entry("transcribe.resilience.queue.breaker-delay", "1s"),
                    // the tests' own JDBC connections must notice that the database restarted
                    Map.entry("quarkus.datasource.jdbc.validate-on-borrow", "true"));
        }
    }

    static HttpsFileServer audio;
    static final Map<String, Integer> FIGURES = Collections.synchronizedMap(new TreeMap<>());

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    JobProcessor processor;

    @Inject
    SqsClient sqs;

    @Inject
    QueueSettings queueSettings;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start().serve("/one.wav", TestAudio.wav(1, 16000), "audio/wav");
    }

    @AfterAll
    static void report() {
        audio.close();
        System.out.println("FaultInjectionTest figures: " + FIGURES);
    }

    @Test
    @Order(1)
    void theDatabaseGoesAwayDuringSubmits() throws Exception {
        queue.drain(0);
        Customer customer = Customers.create(100);
        String body = SubmitTest.body(customer.organizationId(), audio.url("/one.wav"));
        List<String> accepted = new ArrayList<>();
        accepted.add(submit(customer, body, null).then().statusCode(202).extract().path("data.transcription_id"));

        EmbeddedPostgresServer.stop();
        int unavailable = 0;
        long slowest = 0;
        try {
            for (int i = 0; i < 8; i++) {
                long start = System.nanoTime();
                ExtractableResponse<Response> refused = submit(customer, body, i % 2 == 0 ? "outage-" + i : null).then().extract();
                slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
                assertEquals(503, refused.statusCode(), refused.asString());
                assertEquals("service_unavailable", refused.path("error.code"));
                assertEquals(false, refused.path("success"));
                assertEquals("database", refused.path("error.details.dependency"));
                assertNotNull(refused.path("metadata.request_id"));
                assertEquals("5", refused.header("Retry-After"));
                unavailable++;
            }
            given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + accepted.get(0))
                    .then().statusCode(503).body("error.code", equalTo("service_unavailable"));
        } finally {
            EmbeddedPostgresServer.restart();
        }

        // recovery by itself: the breaker lets a trial through, the pool opens new connections
        long back = System.nanoTime();
        String recovered = null;
        while (recovered == null && System.nanoTime() - back < 30_000_000_000L) {
            ExtractableResponse<Response> r = submit(customer, body, null).then().extract();
            if (r.statusCode() == 202) {
                recovered = r.path("data.transcription_id");
            } else {
                assertEquals(503, r.statusCode(), r.asString());
                Thread.sleep(200);
            }
        }
        assertNotNull(recovered, "the service answers again after the database is back");
        accepted.add(recovered);
        long recoveryMillis = (System.nanoTime() - back) / 1_000_000;
        // a key used during the outage was never stored: its next use does the work, once
        String keyed = submit(customer, body, "outage-0").then().statusCode(202).header("Idempotent-Replayed", nullValue())
                .extract().path("data.transcription_id");
        accepted.add(keyed);
        submit(customer, body, "outage-0").then().statusCode(202).header("Idempotent-Replayed", "true")
                .body("data.transcription_id", equalTo(keyed));

        assertEquals(Set.copyOf(accepted), Set.copyOf(jobsOf(customer)), "a 503 leaves no job");
        assertEquals(100 - 3, db.balance(customer.organizationId()), "a 503 charges nothing");
        try (TestWorker worker = worker(1, 0)) {
            awaitFinished(customer, 3);
        }
        assertEquals(3, db.count("select count(*) from transcriptions where organization_id = ? and status = 'completed'",
                customer.organizationId()));
        FIGURES.put("db_outage_503", unavailable);
        FIGURES.put("db_outage_slowest_503_ms", (int) slowest);
        FIGURES.put("db_outage_recovery_ms", (int) recoveryMillis);
        db.assertInvariantsHold();
    }

    @Test
    @Order(2)
    void theQueueGoesAwayDuringSubmits() throws Exception {
        queue.drain(0);
        Customer customer = Customers.create(100);
        String body = SubmitTest.body(customer.organizationId(), audio.url("/one.wav"));
        List<String> accepted = new ArrayList<>();
        long slowest = 0;
        EmbeddedQueueServer.stop();
        try {
            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                accepted.add(submit(customer, body, null).then().statusCode(202)
                        .body("data.status", equalTo("queued")).extract().path("data.transcription_id"));
                slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
            }
            assertEquals(10, db.count("select count(*) from transcriptions where organization_id = ? and enqueued_at is null",
                    customer.organizationId()));
        } finally {
            EmbeddedQueueServer.restart();
        }
        try (TestWorker worker = worker(2, 0.3)) {
            awaitFinished(customer, 10);
        }
        assertEquals(Set.copyOf(accepted), Set.copyOf(jobsOf(customer)));
        assertEquals(10, db.count("select count(*) from transcriptions where organization_id = ? and status = 'completed'"
                + " and enqueued_at is not null", customer.organizationId()), "none lost");
        assertEquals(10, db.count("select count(*) from ledger_entries where organization_id = ? and kind = 'debit'",
                customer.organizationId()), "none charged twice");
        FIGURES.put("queue_outage_202", accepted.size());
        FIGURES.put("queue_outage_slowest_202_ms", (int) slowest);
        db.assertInvariantsHold();
    }

    @Test
    @Order(3)
    void aWorkerDiesInTheMiddleOfAJob() throws Exception {
        queue.drain(0);
        Customer customer = Customers.create(100);
        String body = SubmitTest.body(customer.organizationId(), audio.url("/one.wav"));
        String survivor = submit(customer, body, null).then().statusCode(202).extract().path("data.transcription_id");
        // a worker receives the message, claims the job, and dies: nothing deletes the message or finishes the job
        abandon(survivor);

        // another job loses its worker on every attempt: failed and refunded once, when attempts run out
        String doomed = submit(customer, body, null).then().statusCode(202).extract().path("data.transcription_id");
        for (int attempt = 1; attempt <= 3; attempt++) {
            abandon(doomed);
        }
        awaitStatus(doomed, "failed", 30_000);
        assertEquals("processing_timeout", db.text("select error_code from transcriptions where id = ?", doomed));

        try (TestWorker worker = worker(1, 0)) {
            awaitStatus(survivor, "completed", 30_000);
            Thread.sleep(6000); // the abandoned messages come back: claimed by nobody, acknowledged
        }
        assertEquals(2, db.number("select attempts from transcriptions where id = ?", survivor));
        assertEquals(1, db.count("select count(*) from ledger_entries where transcription_id = ? and kind = 'refund'", doomed));
        assertEquals(1, db.number("select synapses_charged - synapses_refunded from transcriptions where id = ?", survivor));
        assertEquals(100 - 1, db.balance(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    @Order(4)
    void twoHundredSubmitsWithRandomFaults() throws Exception {
        queue.drain(0);
        Random random = new Random(20261126);
        List<Customer> customers = List.of(Customers.create(400), Customers.create(400), Customers.create(400),
                Customers.create(10)); // the last one runs out of synapses
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger cancels = new AtomicInteger();
        AtomicInteger replays = new AtomicInteger();
        AtomicInteger vanished = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        // replays get their own threads: a client waiting for its replays must not wait for a free client thread
        ExecutorService replayers = Executors.newCachedThreadPool();
        try (TestWorker worker = worker(2, 0.2)) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                Customer customer = customers.get(random.nextInt(customers.size()));
                double dice = random.nextDouble();
                if (n == 60) {
                    awaitAll(work);
                    // ElasticMQ keeps messages in memory, so a restart loses them (SQS would not): stop it empty
                    awaitNothingSentAndUnclaimed(customers);
                    EmbeddedQueueServer.stop();
                    FIGURES.put("random_queue_outage_at", n);
                }
                if (n == 90) {
                    awaitAll(work);
                    EmbeddedQueueServer.restart();
                }
                if (n == 130) {
                    awaitAll(work);
                    EmbeddedPostgresServer.stop();
                    FIGURES.put("random_db_outage_at", n);
                }
                if (n == 145) {
                    awaitAll(work);
                    EmbeddedPostgresServer.restart();
                }
                work.add(clients.submit(() -> {
                    String path = "/one.wav";
                    if (dice < 0.1) {
                        // the audio disappears after the submit: the worker fails the job and refunds it
                        path = "/gone-" + n + ".wav";
                        audio.serve(path, TestAudio.wav(1, 16000), "audio/wav");
                    }
                    String body = SubmitTest.body(customer.organizationId(), audio.url(path));
                    String key = dice >= 0.1 && dice < 0.35 ? "key-" + n : null;
                    ExtractableResponse<Response> r = submit(customer, body, key).then().extract();
                    // a 503 says Retry-After: the customer retries, as clients do (here after 1 s, at most 3 times)
                    for (int retry = 0; r.statusCode() == 503 && retry < 3; retry++) {
                        unavailable.incrementAndGet();
                        Thread.sleep(1000);
                        r = submit(customer, body, key).then().extract();
                    }
                    outcomes.computeIfAbsent(String.valueOf(r.statusCode()), s -> new AtomicInteger()).incrementAndGet();
                    if (r.statusCode() != 202) {
                        assertTrue(Set.of(402, 503).contains(r.statusCode()), r.asString());
                        return null;
                    }
                    String id = r.path("data.transcription_id");
                    accepted.add(id);
                    if (path.startsWith("/gone-")) {
                        audio.status(path, 404);
                        vanished.incrementAndGet();
                    }
                    if (key != null) {
                        // the customer's retries with the same key, at once and concurrently: the same job, no second charge
                        List<Future<ExtractableResponse<Response>>> again = new ArrayList<>();
                        for (int k = 0; k < 2; k++) {
                            again.add(replayers.submit(() -> submit(customer, body, key).then().extract()));
                        }
                        for (Future<ExtractableResponse<Response>> f : again) {
                            ExtractableResponse<Response> replay = f.get();
                            if (replay.statusCode() == 202) {
                                assertEquals(id, replay.path("data.transcription_id"));
                                replays.incrementAndGet();
                            } else {
                                // still in progress, or the database was down: either way no second job
                                assertTrue(Set.of(409, 503).contains(replay.statusCode()), replay.asString());
                            }
                        }
                    }
                    if (dice >= 0.35 && dice < 0.55) {
                        // a cancel racing the workers: either it wins (cancelled, refunded) or it comes too late (409)
                        int status = given().header("Authorization", customer.bearer())
                                .post("/v1/audio/transcriptions/" + id + "/cancel").then().extract().statusCode();
                        assertTrue(Set.of(200, 409, 503).contains(status), "cancel answered " + status);
                        if (status == 200) {
                            cancels.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            awaitAll(work);
            for (Customer customer : customers) {
                awaitFinished(customer, -1);
            }
            FIGURES.put("random_duplicate_deliveries", worker.duplicated.get());
            FIGURES.put("random_messages_processed", worker.processed.get());
        } finally {
            clients.shutdownNow();
            replayers.shutdownNow();
        }
        Set<String> inDatabase = new java.util.HashSet<>();
        for (Customer customer : customers) {
            inDatabase.addAll(jobsOf(customer));
        }
        assertEquals(accepted, inDatabase, "exactly the accepted submits exist as jobs");
        outcomes.forEach((status, count) -> FIGURES.put("random_http_" + status, count.get()));
        FIGURES.put("random_503_answers_retried", unavailable.get());
        FIGURES.put("random_cancelled", cancels.get());
        FIGURES.put("random_replays", replays.get());
        FIGURES.put("random_audio_vanished", vanished.get());
        for (String status : List.of("completed", "failed", "cancelled")) {
            FIGURES.put("random_" + status, (int) db.count("select count(*) from transcriptions where status = ? and id = any(?)",
                    status, accepted.toArray(String[]::new)));
        }
        assertTrue(unavailable.get() > 0, "the database outage was felt");
        assertTrue(outcomes.containsKey("402"), "a customer ran out of synapses: " + outcomes);
        db.assertInvariantsHold();
    }

    private Response submit(Customer customer, String body, String idempotencyKey) {
        var request = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/v1/audio/transcribe");
    }

    /** Receives the job's message (waiting for the sweepers to send it again if need be), claims the job, and walks away. */
    private void abandon(String id) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueSettings.url()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(3)).messages();
            for (Message m : messages) {
                if (m.body().contains(id) && await(() -> lifecycle.claim(id)).isPresent()) {
                    return;
                }
            }
            if ("failed".equals(db.text("select status from transcriptions where id = ?", id))) {
                return;
            }
        }
        throw new AssertionError("job " + id + " never came back to a worker");
    }

    private TestWorker worker(int threads, double duplicateRate) {
        return new TestWorker(sqs, queueSettings.url(), processor, threads, duplicateRate, 42);
    }

    private List<String> jobsOf(Customer customer) {
        List<String> ids = new ArrayList<>();
        String all = db.text("select string_agg(id, ',') from transcriptions where organization_id = ?", customer.organizationId());
        if (all != null) {
            ids.addAll(List.of(all.split(",")));
        }
        return ids;
    }

    /** Until none of the customer's jobs is queued or processing (and, with {@code expected >= 0}, that many exist). */
    private void awaitFinished(Customer customer, int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        String unfinished = "select count(*) from transcriptions where organization_id = ? and status in ('queued', 'processing')";
        while (System.currentTimeMillis() < deadline) {
            try {
                if (db.count(unfinished, customer.organizationId()) == 0
                        && (expected < 0 || db.transcriptions(customer.organizationId()) == expected)) {
                    return;
                }
            } catch (IllegalStateException databaseStillComingBack) {
                // retried below
            }
            Thread.sleep(250);
        }
        throw new AssertionError("jobs of " + customer.organizationId() + " still unfinished: "
                + db.text("select string_agg(id || ' ' || status, ', ') from transcriptions where organization_id = ?"
                + " and status in ('queued', 'processing')", customer.organizationId()));
    }

    private void awaitNothingSentAndUnclaimed(List<Customer> customers) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        String[] orgs = customers.stream().map(Customer::organizationId).toArray(String[]::new);
        while (System.currentTimeMillis() < deadline && db.count("select count(*) from transcriptions where organization_id = any(?)"
                + " and (status = 'processing' or (status = 'queued' and enqueued_at is not null))", (Object) orgs) > 0) {
            Thread.sleep(100);
        }
    }

    private void awaitStatus(String id, String status, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline && !status.equals(db.text("select status from transcriptions where id = ?", id))) {
            Thread.sleep(200);
        }
        assertEquals(status, db.text("select status from transcriptions where id = ?", id), id);
    }

    private static void awaitAll(List<Future<?>> work) throws Exception {
        for (Future<?> f : work) {
            f.get();
        }
        work.clear();
    }
}
