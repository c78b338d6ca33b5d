package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.HostileHosts;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HostileHttpsServer;
import ai.synapses.transcribe.local.HostileHttpsServer.Behaviour;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static ai.synapses.transcribe.api.HostileHosts.assertConnectionsClosed;
import static ai.synapses.transcribe.api.HostileHosts.assertNoThreadInside;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audio hosts that never finish answering, against the real submit and the real worker: real PostgreSQL,
 * ElasticMQ and HTTPS servers on loopback that send interim answers forever, trickle their headers or body,
 * or say nothing. The probe's deadline is shortened to 2 s and the download's to 3 s; the rules are the
 * production ones. Each test ends with the operator's invariant check.
 */
@QuarkusTest
@TestProfile(HostileHosts.ShortDeadlines.class)
class HostileHostTest {

    static final Duration PROBE_DEADLINE = HostileHosts.PROBE_DEADLINE;
    static final Duration DOWNLOAD_DEADLINE = HostileHosts.DOWNLOAD_DEADLINE;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Inject
    JobProcessor processor;

    @ParameterizedTest
    @EnumSource(Behaviour.class)
    void aProbeOfAHostThatNeverFinishesAnswers422AtItsDeadlineAndLeavesNothingBehind(Behaviour behaviour) throws Exception {
        Customer customer = Customers.create(100);
        // 102 every 400 ms stays under the limit of interim answers until the deadline; the rest a byte a second
        Duration pace = behaviour == Behaviour.INTERIM_FOREVER ? Duration.ofMillis(400) : Duration.ofSeconds(1);
        try (HostileHttpsServer host = HostileHttpsServer.start(behaviour, pace)) {
            long started = System.nanoTime();
            ExtractableResponse<Response> refused = SubmitTest.submit(customer, SubmitTest.body(customer.organizationId(), host.url("/a.wav")));
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;

            assertEquals(422, refused.statusCode(), refused.asString());
            assertEquals(false, refused.path("success"));
            assertEquals("audio_url_timeout", refused.path("error.code"));
            assertEquals("transcription_options.audio_url", refused.path("error.field"));
            assertTrue(refused.<String>path("error.message").contains("took longer than 2000 ms"), refused.asString());
            assertTrue(elapsedMs >= PROBE_DEADLINE.toMillis() && elapsedMs < PROBE_DEADLINE.toMillis() + 1000,
                    "answered after " + elapsedMs + " ms");
            // the thread that probed is free again, and it closed its connection rather than leaving it to the host
            assertNoThreadInside("ai.synapses.transcribe.probe.AudioProbe");
            assertNoThreadInside("ai.synapses.transcribe.egress.RemoteAudio");
            assertConnectionsClosed(host);
            assertEquals(1, host.connectionsAccepted(), "a time-out is not retried");
            System.out.printf("HostileHostTest probe, %s: 422 %s after %d ms%n", behaviour, refused.<String>path("error.code"), elapsedMs);
        }
        assertEquals(0, db.transcriptions(customer.organizationId()), "no job");
        assertEquals(100, db.balance(customer.organizationId()), "no charge");
        assertEquals(100, db.ledgerSum(customer.organizationId()));
        assertTrue(queue.drain(0).stream().noneMatch(message -> message.contains(customer.organizationId())), "no message");
        db.assertInvariantsHold();
    }

    @ParameterizedTest
    @EnumSource(value = Behaviour.class, names = {"INTERIM_FOREVER", "TRICKLED_BODY"})
    void aDownloadHostThatNeverFinishesFailsTheJobAtTheDownloadDeadlineWithAFullRefund(Behaviour behaviour) throws Exception {
        Customer customer = Customers.create(100);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/one.wav", TestAudio.wav(1, 16000), "audio/wav");
             HostileHttpsServer host = HostileHttpsServer.start(behaviour, Duration.ofMillis(400))) {
            failAJobOnce(audio);
            ExtractableResponse<Response> accepted = SubmitTest.submit(customer, SubmitTest.body(customer.organizationId(), audio.url("/one.wav")));
            assertEquals(202, accepted.statusCode(), accepted.asString());
            String id = accepted.path("data.transcription_id");
            assertEquals(99, db.balance(customer.organizationId()));
            // after the probe, the audio moves to a host that never finishes answering
            audio.redirect("/one.wav", 302, host.url("/one.wav"));

            long started = System.nanoTime();
            assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(id, customer.organizationId())));
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(elapsedMs >= DOWNLOAD_DEADLINE.toMillis() && elapsedMs < DOWNLOAD_DEADLINE.toMillis() + 1000,
                    "the job was decided after " + elapsedMs + " ms");

            ExtractableResponse<Response> status = given().header("Authorization", customer.bearer())
                    .get("/v1/audio/transcriptions/" + id).then().statusCode(200).extract();
            assertEquals("failed", status.path("data.status"), status.asString());
            assertEquals("audio_url_timeout", status.path("data.error.code"));
            assertEquals(1, status.<Integer>path("billing.synapses_refunded"));
            assertEquals(1, host.connectionsAccepted(), "failed for good on the first attempt, not retried");
            assertConnectionsClosed(host);
            System.out.printf("HostileHostTest download, %s: job failed (%s) and refunded after %d ms%n", behaviour,
                    status.<String>path("data.error.code"), elapsedMs);
        }
        assertEquals(100, db.balance(customer.organizationId()), "refunded in full");
        assertEquals(100, db.ledgerSum(customer.organizationId()));
        assertEquals(1, db.count("select count(*) from ledger_entries where organization_id = ? and kind = 'refund' and amount = 1",
                customer.organizationId()));
        db.assertInvariantsHold();
    }

    private static boolean workerWarm;

    /**
     * The first job a test JVM processes loads the worker's queries and classes; one job failed for a missing
     * file first keeps that out of the deadline measured above.
     */
    private void failAJobOnce(HttpsFileServer audio) {
        if (workerWarm) {
            return;
        }
        Customer warmUp = Customers.create(10);
        audio.serve("/warm-up.wav", TestAudio.wav(1, 16000), "audio/wav");
        String id = SubmitTest.submit(warmUp, SubmitTest.body(warmUp.organizationId(), audio.url("/warm-up.wav")))
                .path("data.transcription_id");
        audio.status("/warm-up.wav", 404);
        assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(id, warmUp.organizationId())));
        workerWarm = true;
    }
}
