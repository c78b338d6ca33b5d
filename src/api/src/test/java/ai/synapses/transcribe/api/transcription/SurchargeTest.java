package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.job.JobLifecycle.SurchargeOutcome;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.local.HttpsFileServer.Route;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import static ai.synapses.transcribe.queue.Blocking.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The surcharge itself, through the real database: one conditional debit with its own ledger row, both or
 * nothing, at most once per job whatever attempt asks for it; and what a later attempt of the real
 * {@link JobProcessor} does with a job an earlier attempt surcharged.
 */
@QuarkusTest
class SurchargeTest {

    static final byte[] TONE = TestAudio.wav(2, 16000);
    static final byte[] SPEECH = TestAudio.sample("welcome.wav");
    static final byte[] LONGER_SPEECH = TestAudio.repeatedWav(SPEECH, 3);

    static HttpsFileServer host;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Inject
    JobLifecycle lifecycle;

    @Inject
    JobProcessor processor;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void startHost() throws IOException {
        host = HttpsFileServer.start().serve("/four.wav", TestAudio.wav(4, 16000), "audio/wav");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @BeforeEach
    void emptyQueue() {
        queue.drain(0);
    }

    @Test
    void aSurchargeIsOneConditionalDebitAndHappensOnce() {
        Customer customer = Customers.create(10);
        String id = submit(customer, host.url("/four.wav"));
        TranscriptionJob job = await(() -> lifecycle.claim(id)).orElseThrow();
        assertEquals(6, db.balance(customer.organizationId()));

        // more than the balance: nothing changes
        JobLifecycle.Surcharge refused = await(() -> lifecycle.surcharge(job, 7, "surcharge: test"));
        assertEquals(SurchargeOutcome.INSUFFICIENT, refused.outcome());
        assertEquals(OptionalLong.of(6), refused.availableSynapses());
        assertEquals(4, db.number("select synapses_charged from transcriptions where id = ?", id));
        assertEquals(0, db.count("select count(*) from ledger_entries where transcription_id = ? and kind = 'surcharge'", id));

        // an attempt that is not the job's current one changes nothing
        TranscriptionJob stale = copy(job);
        stale.attempts = job.attempts - 1;
        assertEquals(SurchargeOutcome.NOT_APPLICABLE, await(() -> lifecycle.surcharge(stale, 1, "surcharge: test")).outcome());

        assertEquals(SurchargeOutcome.CHARGED, await(() -> lifecycle.surcharge(job, 6, "surcharge: test")).outcome());
        assertEquals(0, db.balance(customer.organizationId()));
        // the same decision again (a charge it no longer has), and a second surcharge: nothing changes
        assertEquals(SurchargeOutcome.NOT_APPLICABLE, await(() -> lifecycle.surcharge(job, 6, "surcharge: test")).outcome());
        TranscriptionJob reloaded = await(() -> Panache.withSession(() -> TranscriptionJob.<TranscriptionJob>findById(id)));
        Customers.credit(customer.organizationId(), 5);
        assertEquals(SurchargeOutcome.NOT_APPLICABLE, await(() -> lifecycle.surcharge(reloaded, 1, "surcharge: test")).outcome());

        ExtractableResponse<Response> status = status(customer, id);
        assertEquals(10, status.<Integer>path("billing.synapses_charged"));
        assertEquals(6, status.<Integer>path("billing.synapses_surcharged"));
        assertEquals(10, status.<Integer>path("billing.synapses_consumed"));
        assertEquals(5, db.balance(customer.organizationId()));
        assertEquals(5, db.ledgerSum(customer.organizationId()));

        // failing refunds both, in one refund
        await(() -> lifecycle.fail(id, "test_failure", "failed by the test"));
        assertEquals(10, status(customer, id).<Integer>path("billing.synapses_refunded"));
        assertEquals(15, db.balance(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void aRetriedJobIsNotSurchargedAgainForTheSameAudio() throws SQLException {
        host.serveByRange("/retried.wav", Route.bytes(TONE, "audio/wav"), Route.bytes(SPEECH, "audio/wav"));
        Customer customer = Customers.create(100);
        String id = submit(customer, host.url("/retried.wav"));
        surchargedByAnAttemptThatThenDied(id, 11);

        assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(id, customer.organizationId())));

        ExtractableResponse<Response> done = status(customer, id);
        assertEquals("completed", done.path("data.status"), done.asString());
        assertEquals(2, attempts(id), "the second attempt finished it");
        assertEquals(13, done.<Integer>path("billing.synapses_charged"));
        assertEquals(11, done.<Integer>path("billing.synapses_surcharged"));
        assertEquals(0, done.<Integer>path("billing.synapses_refunded"));
        assertEquals(1, db.count("select count(*) from ledger_entries where transcription_id = ? and kind = 'surcharge'", id));
        assertEquals(87, db.balance(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void audioThatGrowsAgainAfterItsSurchargeFailsTheJobAndRefundsEverything() throws SQLException {
        host.serveByRange("/growing.wav", Route.bytes(TONE, "audio/wav"), Route.bytes(SPEECH, "audio/wav"));
        Customer customer = Customers.create(100);
        String id = submit(customer, host.url("/growing.wav"));
        surchargedByAnAttemptThatThenDied(id, 11);
        host.serveByRange("/growing.wav", Route.bytes(TONE, "audio/wav"), Route.bytes(LONGER_SPEECH, "audio/wav"));

        assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(id, customer.organizationId())));

        ExtractableResponse<Response> done = status(customer, id);
        assertEquals("failed", done.path("data.status"), done.asString());
        assertEquals("audio_changed_between_attempts", done.path("data.error.code"));
        assertThat(done.path("data.error.message"), containsString("more than the 13 charged for it, a surcharge of 11 included"));
        assertThat(done.path("data.error.message"), containsString("size " + TONE.length + " -> " + LONGER_SPEECH.length + " bytes"));
        assertNull(done.path("data.words"));
        assertEquals(13, done.<Integer>path("billing.synapses_charged"));
        assertEquals(13, done.<Integer>path("billing.synapses_refunded"));
        assertEquals(100, db.balance(customer.organizationId()));
        assertEquals(100, db.ledgerSum(customer.organizationId()));
        db.assertInvariantsHold();
    }

    /**
     * What a first attempt that decoded 12.5 s and then died leaves behind: the job claimed, surcharged, and
     * put back in the queue (as the worker does after a fault of its own).
     */
    private void surchargedByAnAttemptThatThenDied(String id, long surcharge) throws SQLException {
        TranscriptionJob job = await(() -> lifecycle.claim(id)).orElseThrow();
        assertEquals(SurchargeOutcome.CHARGED, await(() -> lifecycle.surcharge(job, surcharge, "surcharge: first attempt")).outcome());
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("update transcriptions set status = 'queued' where id = ? and status = 'processing'")) {
            st.setString(1, id);
            assertEquals(1, st.executeUpdate());
        }
    }

    private long attempts(String id) {
        return db.number("select attempts from transcriptions where id = ?", id);
    }

    private static String submit(Customer customer, String url) {
        return given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                .body(SubmitTest.body(customer.organizationId(), url))
                .post("/v1/audio/transcribe").then().statusCode(202).extract().path("data.transcription_id");
    }

    private static ExtractableResponse<Response> status(Customer customer, String id) {
        return given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id)
                .then().statusCode(200).extract();
    }

    private static TranscriptionJob copy(TranscriptionJob job) {
        TranscriptionJob copy = new TranscriptionJob();
        copy.id = job.id;
        copy.organizationId = job.organizationId;
        copy.attempts = job.attempts;
        copy.synapsesCharged = job.synapsesCharged;
        return copy;
    }
}
