package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static ai.synapses.transcribe.queue.Blocking.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A worker dies mid-job: the sweeper puts the job back until its attempts run out, then fails and refunds it once. */
@QuarkusTest
class StuckJobTest {

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Inject
    JobLifecycle lifecycle;

    @Test
    void aJobWhoseWorkerDiedIsRequeuedThenFailedAndRefundedOnce() throws Exception {
        queue.drain(0);
        Customer customer = Customers.create(20);
        String id;
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/five.wav", TestAudio.wav(5, 16000), "audio/wav")) {
            id = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                    .body(SubmitTest.body(customer.organizationId(), audio.url("/five.wav")))
                    .post("/v1/audio/transcribe").then().statusCode(202).extract().path("data.transcription_id");
        }
        assertEquals(1, queue.drain(2).size());

        // attempt 1: a worker claims the job and dies
        assertTrue(await(() -> lifecycle.claim(id)).isPresent());
        assertEquals(0, (int) await(() -> lifecycle.recoverStuck(Duration.ofMinutes(30), 2, 100)), "not stuck yet");
        Thread.sleep(20);
        assertEquals(1, (int) await(() -> lifecycle.recoverStuck(Duration.ofMillis(10), 2, 100)));
        assertEquals("queued", db.text("select status from transcriptions where id = ?", id));
        // back in the outbox: the unsent-job sweeper sends it again
        List<String> resent = queue.drain(10);
        assertTrue(resent.stream().anyMatch(m -> m.contains(id)), "the job reached the queue again: " + resent);

        // attempt 2: claimed again, and that worker dies too; attempts are used up
        assertTrue(await(() -> lifecycle.claim(id)).isPresent());
        Thread.sleep(20);
        assertEquals(1, (int) await(() -> lifecycle.recoverStuck(Duration.ofMillis(10), 2, 100)));
        assertEquals("failed", db.text("select status from transcriptions where id = ?", id));
        assertEquals("processing_timeout", db.text("select error_code from transcriptions where id = ?", id));
        assertEquals(20, db.balance(customer.organizationId()));
        assertEquals(20, db.ledgerSum(customer.organizationId()));

        // late messages and sweeps change nothing more
        assertTrue(await(() -> lifecycle.claim(id)).isEmpty());
        assertEquals(false, await(() -> lifecycle.fail(id, "late", "late")));
        assertEquals(1, db.count("select count(*) from ledger_entries where transcription_id = ? and kind = 'refund'", id));
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id).then().statusCode(200)
                .body("data.error.code", org.hamcrest.Matchers.equalTo("processing_timeout"))
                .body("billing.synapses_refunded", org.hamcrest.Matchers.equalTo(5));
    }
}
