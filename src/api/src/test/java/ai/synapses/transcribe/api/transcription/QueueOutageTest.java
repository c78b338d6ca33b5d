package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.EmbeddedQueueServer;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue goes away during submits: customers still get 202, and every job reaches the queue once it is back. */
@QuarkusTest
class QueueOutageTest {

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Test
    void jobsSubmittedDuringAnOutageReachTheQueueAfterRecovery() throws Exception {
        queue.drain(0);
        Customer customer = Customers.create(100);
        List<String> ids = new ArrayList<>();
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/two.wav", TestAudio.wav(2, 16000), "audio/wav")) {
            String body = SubmitTest.body(customer.organizationId(), audio.url("/two.wav"));
            EmbeddedQueueServer.stop();
            try {
                for (int i = 0; i < 3; i++) {
                    ids.add(given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(body)
                            .post("/v1/audio/transcribe")
                            .then().statusCode(202).body("data.status", equalTo("queued"))
                            .extract().path("data.transcription_id"));
                }
                assertEquals(3, db.count("select count(*) from transcriptions where organization_id = ?"
                        + " and enqueued_at is null and send_attempts >= 1", customer.organizationId()));
                assertEquals(94, db.balance(customer.organizationId()));
            } finally {
                EmbeddedQueueServer.restart();
            }
        }
        // ElasticMQ lost its queue with the restart, as a fresh queue would; the sweeper recreates and fills it
        Set<String> delivered = new HashSet<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (delivered.size() < 3 && System.currentTimeMillis() < deadline) {
            try {
                for (String message : queue.drain(1)) {
                    ids.stream().filter(id -> message.contains(id)).forEach(delivered::add);
                }
            } catch (RuntimeException queueNotBackYet) {
                Thread.sleep(200);
            }
        }
        assertEquals(Set.copyOf(ids), delivered, "every job submitted during the outage reached the queue");
        // the sweeper records the acknowledgement right after the send
        String acknowledged = "select count(*) from transcriptions where organization_id = ? and enqueued_at is not null";
        while (db.count(acknowledged, customer.organizationId()) < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(3, db.count(acknowledged, customer.organizationId()));
        Thread.sleep(2500);
        assertTrue(queue.drain(1).stream().noneMatch(m -> ids.stream().anyMatch(m::contains)),
                "a job acknowledged by the queue is not sent again by the sweeper");
    }
}
