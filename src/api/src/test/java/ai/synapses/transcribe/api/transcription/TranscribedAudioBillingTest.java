package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.local.HttpsFileServer.Route;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bill covers what is transcribed, whatever the customer's host serves: the submit prices what its probe
 * read, the worker (the in-process queue poller, the real decoders and engine) prices what it decoded before
 * recognising it, and either surcharges the difference or fails the job with a full refund, nothing recognised.
 * The audio comes from real HTTPS servers on loopback; every test ends with the operator's invariant check.
 */
@QuarkusTest
@TestProfile(PipelineTest.WithWorker.class)
class TranscribedAudioBillingTest {

    /** 2 s of tone: what the probe's range requests see. */
    static final byte[] TONE = TestAudio.wav(2, 16000);
    /** About 62 s of speech: what a plain GET, the worker's download, gets from the same URL. */
    static final byte[] SPEECH = TestAudio.repeatedWav(TestAudio.sample("welcome.wav"), 5);
    static final double SPEECH_SECONDS = TestAudio.wavSeconds(SPEECH);
    static final long SPEECH_COST = (long) Math.ceil(SPEECH_SECONDS);

    /** The test clip welcome.mp3 (12.5 s of speech) whose Xing header claims 56 frames: 56 x 576 / 16 kHz = 2.016 s. */
    static final byte[] LYING_MP3 = TestAudio.mp3WithUnderstatedLength(TestAudio.sample("welcome.mp3"), 56);
    static final long MP3_PRECHARGE = 3;
    static final long MP3_COST = 13;

    static HttpsFileServer host;

    @Inject
    Database db;

    @BeforeAll
    static void startHost() throws IOException {
        host = HttpsFileServer.start()
                .serveByRange("/two-faced.wav", Route.bytes(TONE, "audio/wav").withHeader("ETag", "\"tone\""),
                        Route.bytes(SPEECH, "audio/wav").withHeader("ETag", "\"speech\""))
                .serve("/understated.mp3", LYING_MP3, "audio/mpeg");
    }

    @AfterAll
    static void stopHost() {
        host.close();
    }

    @Test
    void aLongerFileForTheDownloadThanForTheProbeIsSurchargedAndTranscribedInFull() throws Exception {
        Customer customer = Customers.create(100);
        ExtractableResponse<Response> accepted = submit(customer, host.url("/two-faced.wav"));
        assertEquals(2.0f, accepted.<Float>path("data.audio_metadata.duration_seconds"), 0.001f);
        assertEquals("\"tone\"", accepted.path("data.audio_metadata.etag"), "the probe records the file's identity");
        assertEquals(2, accepted.<Integer>path("billing.synapses_charged"));
        assertEquals(0, accepted.<Integer>path("billing.synapses_surcharged"));

        ExtractableResponse<Response> done = awaitFinished(customer, accepted.path("data.transcription_id"));
        assertEquals("completed", done.path("data.status"), done.asString());
        assertEquals(SPEECH_SECONDS, done.<Float>path("data.audio_duration_seconds"), 0.01);
        // the whole minute was recognised, not the two seconds the probe saw
        List<Integer> starts = done.path("data.words.start");
        List<Integer> ends = done.path("data.words.end");
        assertTrue(starts.get(0) < 5_000 && ends.get(ends.size() - 1) > (SPEECH_SECONDS - 5) * 1000, "words " + starts + " .. " + ends);
        assertThat(done.<String>path("data.text"), containsString("goodbye"));
        // charged for all of it: the debit of 2 and a surcharge of the rest
        assertBilling(done, SPEECH_COST, SPEECH_COST - 2, 0);
        assertEquals(100 - SPEECH_COST, db.balance(customer.organizationId()));
        assertEquals(100 - SPEECH_COST, db.ledgerSum(customer.organizationId()));
        assertEquals(List.of(Map.of("type", "surcharge", "amount", -(int) (SPEECH_COST - 2)), Map.of("type", "debit", "amount", -2)),
                jobLedger(customer, done.path("data.transcription_id")));
        db.assertInvariantsHold();
    }

    @Test
    void aLongerFileThanTheBalanceCoversFailsBeforeRecognitionAndIsRefunded() throws Exception {
        Customer customer = Customers.create(20);
        ExtractableResponse<Response> accepted = submit(customer, host.url("/two-faced.wav"));
        String id = accepted.path("data.transcription_id");
        assertEquals(18, db.balance(customer.organizationId()), "the submit charged what its probe read");

        ExtractableResponse<Response> done = awaitFinished(customer, id);
        assertEquals("failed", done.path("data.status"), done.asString());
        assertEquals("insufficient_synapses_for_audio", done.path("data.error.code"));
        String message = done.path("data.error.message");
        assertThat(message, containsString(String.format(java.util.Locale.ROOT, "%.1f s long and costs %d synapses",
                SPEECH_SECONDS, SPEECH_COST)));
        assertThat(message, containsString("balance of 18 synapses cannot cover the other " + (SPEECH_COST - 2)));
        assertThat(message, containsString("size " + TONE.length + " -> " + SPEECH.length + " bytes"));
        assertThat(message, containsString("ETag \"tone\" -> \"speech\""));
        // nothing recognised: no words, and the progress a recognised chunk records never moved
        assertNull(done.path("data.text"));
        assertNull(done.path("data.words"));
        assertEquals(0, done.<Integer>path("data.progress"));
        assertEquals(0, db.count("select count(*) from transcriptions where id = ? and progress_updated_at is not null", id));
        // refunded in full, and no surcharge was taken
        assertBilling(done, 2, 0, 2);
        assertEquals(20, db.balance(customer.organizationId()));
        assertEquals(20, db.ledgerSum(customer.organizationId()));
        assertEquals(List.of(Map.of("type", "refund", "amount", 2), Map.of("type", "debit", "amount", -2)), jobLedger(customer, id));
        db.assertInvariantsHold();
    }

    @Test
    void anMp3WhoseHeaderUnderstatesItsLengthIsSurchargedAndTranscribedInFull() throws Exception {
        Customer customer = Customers.create(50);
        ExtractableResponse<Response> accepted = submit(customer, host.url("/understated.mp3"));
        assertEquals(2.016f, accepted.<Float>path("data.audio_metadata.duration_seconds"), 0.001f, "the probe trusts the header");
        assertEquals(false, accepted.path("data.audio_metadata.duration_estimated"));
        assertEquals((int) MP3_PRECHARGE, accepted.<Integer>path("billing.synapses_charged"));

        ExtractableResponse<Response> done = awaitFinished(customer, accepted.path("data.transcription_id"));
        assertEquals("completed", done.path("data.status"), done.asString());
        assertTrue(done.<Float>path("data.audio_duration_seconds") > 12, done.asString());
        // the last words, ten seconds past what the header claimed, were recognised
        List<Integer> ends = done.path("data.words.end");
        assertTrue(ends.get(ends.size() - 1) > 10_000, "words end at " + ends);
        assertThat(done.<String>path("data.text"), containsString("thank you"));
        assertBilling(done, MP3_COST, MP3_COST - MP3_PRECHARGE, 0);
        assertEquals(50 - MP3_COST, db.balance(customer.organizationId()));
        assertEquals(50 - MP3_COST, db.ledgerSum(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void anMp3WhoseHeaderUnderstatesItsLengthFailsWhenTheBalanceCannotCoverIt() throws Exception {
        Customer customer = Customers.create(5);
        String id = submit(customer, host.url("/understated.mp3")).path("data.transcription_id");

        ExtractableResponse<Response> done = awaitFinished(customer, id);
        assertEquals("failed", done.path("data.status"), done.asString());
        assertEquals("insufficient_synapses_for_audio", done.path("data.error.code"));
        assertThat(done.<String>path("data.error.message"), containsString("the submit read 2.0 s and charged " + MP3_PRECHARGE));
        assertNull(done.path("data.words"));
        assertBilling(done, MP3_PRECHARGE, 0, MP3_PRECHARGE);
        assertEquals(5, db.balance(customer.organizationId()));
        assertEquals(0, db.count("select count(*) from ledger_entries where transcription_id = ? and kind = 'surcharge'", id));
        db.assertInvariantsHold();
    }

    private static ExtractableResponse<Response> submit(Customer customer, String url) {
        return given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                .body(SubmitTest.body(customer.organizationId(), url))
                .post("/v1/audio/transcribe").then().statusCode(202).extract();
    }

    private static ExtractableResponse<Response> awaitFinished(Customer customer, String id) throws InterruptedException {
        ExtractableResponse<Response> status = null;
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            status = given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id)
                    .then().statusCode(200).extract();
            if (List.of("completed", "failed").contains(status.<String>path("data.status"))) {
                return status;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + id + " did not finish: " + (status == null ? "" : status.asString()));
    }

    private static void assertBilling(ExtractableResponse<Response> job, long charged, long surcharged, long refunded) {
        String billing = job.jsonPath().getMap("billing").toString();
        assertEquals(charged, job.<Number>path("billing.synapses_charged").longValue(), billing);
        assertEquals(surcharged, job.<Number>path("billing.synapses_surcharged").longValue(), billing);
        assertEquals(refunded, job.<Number>path("billing.synapses_refunded").longValue(), billing);
        assertEquals(charged - refunded, job.<Number>path("billing.synapses_consumed").longValue(), billing);
    }

    /** The job's ledger entries as the customer's balance route shows them, newest first: type and amount. */
    private static List<Map<String, Object>> jobLedger(Customer customer, String id) {
        List<Map<String, Object>> entries = given().header("Authorization", customer.bearer())
                .get("/v1/organizations/" + customer.organizationId() + "/balance")
                .then().statusCode(200).extract().path("data.entries");
        return entries.stream().filter(e -> id.equals(e.get("transcription_id")))
                .map(e -> Map.of("type", e.get("type"), "amount", e.get("amount"))).toList();
    }
}
