package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import ai.synapses.transcribe.queue.QueueSettings;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

import static ai.synapses.transcribe.queue.Blocking.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No charged job is stranded in the queue. A job whose message went to the dead-letter queue is sent again by
 * the unclaimed-job sweeper and completes; one no worker ever takes is sent again a bounded number of times,
 * then failed with {@code queue_timeout} and refunded once; one waiting for its organisation's concurrency
 * limit is not counted as unclaimed. The sweepers run on their own timers here (every second in the test
 * profile); the tests move a job's clock back by the pickup time-out (2 h) instead of waiting for it. Real
 * ElasticMQ, PostgreSQL, HTTPS audio server and job processor.
 */
@QuarkusTest
class UnclaimedJobTest {

    static HttpsFileServer audio;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Inject
    JobProcessor processor;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    SqsClient sqs;

    @Inject
    QueueSettings queueSettings;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start().serve("/two.wav", TestAudio.wav(2, 16000), "audio/wav");
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
    void aJobWhoseMessageWasDeadLetteredIsSentAgainAndCompletes() throws Exception {
        Customer customer = Customers.create(10);
        String id = submit(customer);
        // workers received the message and failed until the queue moved it to its dead-letter queue, as SQS's
        // redrive policy does after maxReceiveCount receives
        String deadLetters = sqs.createQueue(b -> b.queueName("transcription-jobs-dead-letters")).queueUrl();
        Message message = receive(id); // taken off the job queue
        sqs.sendMessage(b -> b.queueUrl(deadLetters).messageBody(message.body()));
        assertEquals("queued", db.text("select status from transcriptions where id = ?", id));

        waitedSincePickupTimeout(id);
        Message resent = receive(id);
        assertEquals(1, db.number("select requeues from transcriptions where id = ?", id));
        // the sweeper records the resend just after the queue accepted it: the message can arrive first
        awaitTrue(() -> db.text("select enqueued_at::text from transcriptions where id = ?", id) != null, "the resend was recorded");

        assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(processor.parse(resent.body())));
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id).then().statusCode(200)
                .body("data.status", equalTo("completed"))
                .body("billing.synapses_consumed", equalTo(2));
        assertEquals(8, db.balance(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void aJobNoWorkerTakesIsSentAgainTwiceThenFailedAndRefundedOnce() throws Exception {
        Customer customer = Customers.create(10);
        String id = submit(customer);
        receive(id); // and lost
        for (int requeue = 1; requeue <= queueSettings.maxRequeues(); requeue++) {
            waitedSincePickupTimeout(id);
            receive(id); // sent again, and lost again
            assertEquals(requeue, db.number("select requeues from transcriptions where id = ?", id));
            assertEquals("queued", db.text("select status from transcriptions where id = ?", id));
        }
        assertEquals(8, db.balance(customer.organizationId()), "charged while it can still be taken");

        waitedSincePickupTimeout(id);
        awaitTrue(() -> "failed".equals(db.text("select status from transcriptions where id = ?", id)), "the job failed");
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id).then().statusCode(200)
                .body("data.error.code", equalTo("queue_timeout"))
                .body("billing.synapses_refunded", equalTo(2))
                .body("billing.synapses_consumed", equalTo(0));
        assertEquals(10, db.balance(customer.organizationId()));
        assertEquals(1, db.count("select count(*) from ledger_entries where transcription_id = ? and kind = 'refund'", id));

        // a late message, a late sweep: nothing more happens
        assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(id, customer.organizationId())));
        Thread.sleep(2500);
        assertEquals(1, db.count("select count(*) from ledger_entries where transcription_id = ? and kind = 'refund'", id));
        assertEquals(10, db.balance(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void aJobWaitingForItsOrganisationsLimitIsNotUnclaimed() throws Exception {
        Customer customer = Customers.create(10);
        given().header("Authorization", Customers.ADMIN).contentType("application/json").body("{\"max_concurrent_jobs\": 1}")
                .put("/v1/admin/organizations/" + customer.organizationId() + "/limits").then().statusCode(200);
        String running = submit(customer);
        receive(running);
        String waiting = submit(customer);
        Message waitingMessage = receive(waiting);
        assertTrue(await(() -> lifecycle.claim(running)).isPresent(), "the organisation's one slot is taken");
        // the second job's last send is two seconds short of the pickup time-out (not yet past it, so the sweeper
        // cannot take it before the worker below looks at it); the worker puts it back for later
        double almost = queueSettings.pickupTimeout().toSeconds() - 2;
        db.count("with moved as (update transcriptions set enqueued_at = now() - make_interval(secs => ?),"
                + " updated_at = now() - make_interval(secs => ?) where id = ? returning id) select count(*) from moved",
                almost, almost, waiting);
        assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(processor.parse(waitingMessage.body())));
        assertTrue(db.number("select extract(epoch from now() - enqueued_at) from transcriptions where id = ?", waiting) < 60,
                "the deferral counts as a send");
        // had the deferral not counted as a send, the job would be past the time-out by now and the sweeper
        // (every second in tests) would have sent it again
        Thread.sleep(4500);
        assertEquals(0, db.number("select requeues from transcriptions where id = ?", waiting), "not sent again by the sweeper");
        assertEquals("queued", db.text("select status from transcriptions where id = ?", waiting));
        await(() -> lifecycle.fail(running, "test_cleanup", "done with it"));
        await(() -> lifecycle.fail(waiting, "test_cleanup", "done with it"));
        queue.drain(2);
        db.assertInvariantsHold();
    }

    private String submit(Customer customer) {
        return given().header("Authorization", customer.bearer()).contentType("application/json")
                .body(SubmitTest.body(customer.organizationId(), audio.url("/two.wav")))
                .post("/v1/audio/transcribe").then().statusCode(202).extract().path("data.transcription_id");
    }

    /** The job's last send and last change, moved back past the pickup time-out: nobody has looked at it since. */
    private void waitedSincePickupTimeout(String id) throws InterruptedException {
        // the sender records the queue's acknowledgement just after the message is out
        awaitTrue(() -> db.text("select enqueued_at::text from transcriptions where id = ?", id) != null, "the send was recorded");
        double seconds = queueSettings.pickupTimeout().toSeconds() + 60;
        assertEquals(1, db.count("with moved as (update transcriptions set enqueued_at = now() - make_interval(secs => ?),"
                + " updated_at = now() - make_interval(secs => ?), created_at = now() - make_interval(secs => ?)"
                + " where id = ? and enqueued_at is not null returning id) select count(*) from moved", seconds, seconds, seconds, id));
    }

    /** Receives the job's message from the real queue (deleting whatever else arrives), within 15 s. */
    private Message receive(String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueSettings.url()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(30)).messages();
            Message found = null;
            for (Message m : messages) {
                if (m.body().contains(id) && found == null) {
                    found = m;
                } else {
                    sqs.deleteMessage(b -> b.queueUrl(queueSettings.url()).receiptHandle(m.receiptHandle()));
                }
            }
            if (found != null) {
                Message taken = found;
                sqs.deleteMessage(b -> b.queueUrl(queueSettings.url()).receiptHandle(taken.receiptHandle()));
                return taken;
            }
        }
        throw new AssertionError("no message for " + id + " reached the queue");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(100);
        }
    }
}
