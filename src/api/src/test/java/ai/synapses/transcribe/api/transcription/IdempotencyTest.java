package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.probe.AudioHostGuards;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotency-Key: a replay charges nothing again; a reused key with another body, or in flight, is a 409. */
@QuarkusTest
class IdempotencyTest {

    static HttpsFileServer audio;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Inject
    AudioHostGuards probes;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start()
                .serve("/five.wav", TestAudio.wav(5, 16000), "audio/wav")
                .serve("/replayed.wav", TestAudio.wav(5, 16000), "audio/wav")
                .serve("/six.wav", TestAudio.wav(6, 16000), "audio/wav")
                .route("/slow.wav", HttpsFileServer.Route.bytes(TestAudio.wav(5, 16000), "audio/wav")
                        .delayed(Duration.ofMillis(1500)));
    }

    @AfterAll
    static void stopAudio() {
        audio.close();
    }

    @BeforeEach
    void emptyQueue() {
        queue.drain(0);
    }

    private static Response submit(Customer customer, String key, String body) {
        return given().header("Authorization", customer.bearer()).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).post("/v1/audio/transcribe");
    }

    @Test
    void sameKeySameBodyReplaysTheFirstAnswerAndChargesOnce() {
        Customer customer = Customers.create(100);
        String body = SubmitTest.body(customer.organizationId(), audio.url("/replayed.wav"));
        Response first = submit(customer, "order-1", body);
        first.then().statusCode(202);
        // same meaning, other key order and spacing
        String reordered = """
                {"transcription_options": {"audio_url": "%s", "language": "en"},   "organization_id": "%s"}"""
                .formatted(audio.url("/replayed.wav"), customer.organizationId());
        Response replay = submit(customer, "order-1", reordered);
        replay.then().statusCode(202).header("Idempotent-Replayed", "true");

        assertEquals(first.asString(), replay.asString(), "the replay is the first answer, byte for byte");
        assertEquals(first.header("Location"), replay.header("Location"));
        assertNull(first.header("Idempotent-Replayed"));
        assertEquals(95, db.balance(customer.organizationId()));
        assertEquals(1, db.transcriptions(customer.organizationId()));
        assertEquals(1, queue.drain(2).size());
        assertEquals(1, audio.requestCount("/replayed.wav"), "the replay did not fetch the audio again");

        // a different key is a different request
        submit(customer, "order-2", body).then().statusCode(202);
        assertEquals(90, db.balance(customer.organizationId()));
    }

    @Test
    void sameKeyOtherBodyIs409() {
        Customer customer = Customers.create(100);
        submit(customer, "k-1", SubmitTest.body(customer.organizationId(), audio.url("/five.wav"))).then().statusCode(202);
        submit(customer, "k-1", SubmitTest.body(customer.organizationId(), audio.url("/six.wav")))
                .then().statusCode(409)
                .body("error.code", equalTo("idempotency_key_reused"))
                .body("error.field", equalTo("Idempotency-Key"));
        assertEquals(95, db.balance(customer.organizationId()));
        assertEquals(1, db.transcriptions(customer.organizationId()));
    }

    @Test
    void keysBelongToOneOrganization() {
        Customer a = Customers.create(100);
        Customer b = Customers.create(100);
        submit(a, "shared", SubmitTest.body(a.organizationId(), audio.url("/five.wav"))).then().statusCode(202);
        submit(b, "shared", SubmitTest.body(b.organizationId(), audio.url("/five.wav"))).then().statusCode(202);
        assertEquals(95, db.balance(a.organizationId()));
        assertEquals(95, db.balance(b.organizationId()));
    }

    @Test
    void concurrentRequestWithAKeyInFlightIs409() throws Exception {
        Customer customer = Customers.create(100);
        String body = SubmitTest.body(customer.organizationId(), audio.url("/slow.wav"));
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> submit(customer, "slow-1", body));
        long deadline = System.currentTimeMillis() + 5000;
        while (audio.inFlight("/slow.wav") == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        submit(customer, "slow-1", body).then().statusCode(409).body("error.code", equalTo("idempotency_key_in_progress"));
        first.get().then().statusCode(202);
        submit(customer, "slow-1", body).then().statusCode(202).header("Idempotent-Replayed", "true");
        assertEquals(95, db.balance(customer.organizationId()));
        assertEquals(1, db.transcriptions(customer.organizationId()));
    }

    @Test
    void aClaimKeepsItsKeyForLongerThanItsSubmitCanRun() throws Exception {
        Customer customer = Customers.create(100);
        String body = SubmitTest.body(customer.organizationId(), audio.url("/slow.wav"));
        int probesBefore = audio.requestCount("/slow.wav");
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> submit(customer, "long-1", body));
        long deadline = System.currentTimeMillis() + 5000;
        while (audio.requestCount("/slow.wav") == probesBefore && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        long lockedMillis = db.number("select (extract(epoch from locked_until - created_at) * 1000)::bigint"
                + " from idempotency_keys where organization_id = ? and key = ?", customer.organizationId(), "long-1");
        // the probe alone may run this long (every attempt cut off by its host's guard) before the charge
        assertTrue(lockedMillis > probes.longestProbe().toMillis(), "locked for " + lockedMillis + " ms, a probe may take "
                + probes.longestProbe().toMillis() + " ms");
        first.get().then().statusCode(202);
    }

    @Test
    void aFailedRequestReleasesItsKey() {
        Customer customer = Customers.create(3);
        String body = SubmitTest.body(customer.organizationId(), audio.url("/five.wav"));
        submit(customer, "retry-me", body).then().statusCode(402);
        Customers.credit(customer.organizationId(), 10);
        submit(customer, "retry-me", body).then().statusCode(202);
        assertEquals(8, db.balance(customer.organizationId()));
    }
}
