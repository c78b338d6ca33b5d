package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two submits with one Idempotency-Key racing past the claim's lock time: a lock shorter than the
 * submit (3 s against an audio host that takes 4.5 s to answer), so that a second request takes the key
 * over while the first is still probing. Whatever the order, one charge and one job; the other request
 * answers with a replay or {@code 409 idempotency_key_in_progress}; a request that lost its key cannot
 * free it for a third.
 */
@QuarkusTest
@TestProfile(IdempotencyKeyRaceTest.LockShorterThanTheSubmit.class)
class IdempotencyKeyRaceTest {

    static final long LOCK_MILLIS = 3000;
    /** How long the audio host takes to answer: longer than the lock. */
    static final Duration SLOW = Duration.ofMillis(4500);

    /** The claim's lock well under the audio host's delay (by default it outlasts the longest submit). */
    public static class LockShorterThanTheSubmit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("transcribe.idempotency.lock", LOCK_MILLIS + "ms");
        }
    }

    static HttpsFileServer audio;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start()
                .route("/slow.wav", HttpsFileServer.Route.bytes(TestAudio.wav(5, 16000), "audio/wav").delayed(SLOW));
    }

    @AfterAll
    static void stopAudio() {
        audio.close();
    }

    @BeforeEach
    void emptyQueue() {
        queue.drain(0);
    }

    @Test
    void aSecondRequestPastTheLockTakesTheKeyOverAndTheFirstChargesNothing() throws Exception {
        Customer customer = Customers.create(100);
        String body = SubmitTest.body(customer.organizationId(), audio.url("/slow.wav"));
        int probesBefore = audio.requestCount("/slow.wav");

        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> submit(customer, "race-1", body));
        // the first request has its claim once its probe reached the audio host
        await(() -> audio.requestCount("/slow.wav") > probesBefore, "the first request's probe");
        Thread.sleep(LOCK_MILLIS + 300);
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> submit(customer, "race-1", body));
        await(() -> audio.requestCount("/slow.wav") > probesBefore + 1, "the second request's probe (it took the key)");

        Response early = first.get();
        Response late = second.get();
        late.then().statusCode(202);
        assertNull(late.header("Idempotent-Replayed"), "the request holding the key did the work");
        String job = late.path("data.transcription_id");
        assertLoserAnswered(early, job);

        // the key now replays the one job
        submit(customer, "race-1", body).then().statusCode(202).header("Idempotent-Replayed", "true");
        assertEquals(job, submit(customer, "race-1", body).path("data.transcription_id"));
        assertOneChargeOf(customer, job, 5);
    }

    @Test
    void aRequestThatLostItsKeyCannotReleaseIt() throws Exception {
        Customer customer = Customers.create(100);
        // the first request's probe fails slowly (404), after its lock ran out and a second request took the key
        audio.route("/flaky.wav", HttpsFileServer.Route.status(404).delayed(Duration.ofMillis(LOCK_MILLIS + 1000)));
        String body = SubmitTest.body(customer.organizationId(), audio.url("/flaky.wav"));

        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> submit(customer, "race-2", body));
        await(() -> audio.inFlight("/flaky.wav") == 1, "the first request's probe");
        // what the host serves from now on (the first request's answer is already on its way)
        audio.route("/flaky.wav", HttpsFileServer.Route.bytes(TestAudio.wav(5, 16000), "audio/wav").delayed(SLOW));
        Thread.sleep(LOCK_MILLIS + 300);
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> submit(customer, "race-2", body));
        await(() -> audio.requestCount("/flaky.wav") >= 2, "the second request's probe (it took the key)");

        // the first fails and gives back what it holds: nothing any more. A third request finds the key taken
        first.get().then().statusCode(422).body("error.code", org.hamcrest.Matchers.equalTo("audio_url_http_error"));
        Response third = submit(customer, "race-2", body);
        assertEquals(409, third.statusCode(), third.asString());
        assertEquals("idempotency_key_in_progress", third.path("error.code"));
        assertEquals("Idempotency-Key", third.path("error.field"));

        Response owner = second.get();
        owner.then().statusCode(202);
        String job = owner.path("data.transcription_id");
        submit(customer, "race-2", body).then().statusCode(202).header("Idempotent-Replayed", "true");
        assertEquals(2, audio.requestCount("/flaky.wav"), "the third request fetched nothing");
        assertOneChargeOf(customer, job, 5);
    }

    /** The request that lost the key: told to wait, or (had the other finished first) the other's answer. */
    private static void assertLoserAnswered(Response loser, String job) {
        if (loser.statusCode() == 202) {
            assertEquals("true", loser.header("Idempotent-Replayed"), loser.asString());
            assertEquals(job, loser.path("data.transcription_id"));
        } else {
            assertEquals(409, loser.statusCode(), loser.asString());
            assertEquals("idempotency_key_in_progress", loser.path("error.code"));
        }
    }

    private void assertOneChargeOf(Customer customer, String job, long cost) {
        assertEquals(100 - cost, db.balance(customer.organizationId()), "charged once");
        assertEquals(1, db.transcriptions(customer.organizationId()), "one job");
        assertEquals(1, db.count("select count(*) from ledger_entries where organization_id = ? and kind = 'debit'",
                customer.organizationId()));
        assertEquals(job, db.text("select transcription_id from ledger_entries where organization_id = ? and kind = 'debit'",
                customer.organizationId()));
        List<String> messages = queue.drain(2);
        assertEquals(1, messages.size(), "one job message: " + messages);
        assertTrue(messages.get(0).contains(job), messages.get(0));
        db.assertInvariantsHold();
    }

    private static Response submit(Customer customer, String key, String body) {
        return given().header("Authorization", customer.bearer()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/v1/audio/transcribe");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
