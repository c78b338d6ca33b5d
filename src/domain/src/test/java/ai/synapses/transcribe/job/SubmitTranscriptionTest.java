package ai.synapses.transcribe.job;

import ai.synapses.transcribe.billing.SynapseLedger;
import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.organization.Organization;
import ai.synapses.transcribe.organization.Organizations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order of a submit, over the real database and real HTTPS audio: what a refused or repeated submit
 * never gets to (a fetch of the audio, a charge), and what a failed one leaves behind (nothing, its key free).
 */
@QuarkusTest
class SubmitTranscriptionTest {

    static HttpsFileServer audio;

    @Inject
    SubmitTranscription submissions;

    @Inject
    Organizations organizations;

    @Inject
    SynapseLedger ledger;

    @Inject
    Pool pool;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start();
    }

    @AfterAll
    static void stopAudio() {
        audio.close();
    }

    @Test
    void aRateLimitedSubmitFetchesNoAudioAndChargesNothing() throws Throwable {
        String org = fundedOrganization(1000);
        await(() -> pool.preparedQuery("update organizations set submits_per_minute = 1 where id = $1").execute(Tuple.of(org)));
        audio.serve("/limited.wav", wav(), "audio/wav");
        SubmitResult first = await(() -> submissions.submit(submission(org, "/limited.wav", Optional.empty())));
        int fetches = audio.requestCount("/limited.wav");
        long afterFirst = balance(org);

        DomainException refused = problem(() -> submissions.submit(submission(org, "/limited.wav", Optional.empty())));

        assertEquals(202, first.status());
        assertEquals(ErrorKind.RATE_LIMITED, refused.kind());
        assertEquals("rate_limited", refused.code());
        assertEquals(1, fetches, "a WAV is probed with one range request");
        assertEquals(fetches, audio.requestCount("/limited.wav"), "the refused submit fetched no audio");
        assertEquals(afterFirst, balance(org), "nothing more was charged");
        assertEquals(1, jobs(org));
    }

    @Test
    void anIdempotentRetryIsReplayedWithoutAFetchOrASecondCharge() throws Throwable {
        String org = fundedOrganization(1000);
        audio.serve("/once.wav", wav(), "audio/wav");
        SubmitTranscription.IdempotencyKey key = new SubmitTranscription.IdempotencyKey("retry-1", "fingerprint-1");
        SubmitResult first = await(() -> submissions.submit(submission(org, "/once.wav", Optional.of(key))));
        int fetches = audio.requestCount("/once.wav");
        long afterFirst = balance(org);

        SubmitResult again = await(() -> submissions.submit(submission(org, "/once.wav", Optional.of(key))));

        assertFalse(first.replayed());
        assertTrue(again.replayed());
        assertEquals(first.status(), again.status());
        assertEquals(first.location(), again.location());
        assertEquals(first.body(), again.body());
        assertTrue(again.job().isEmpty(), "no second job");
        assertEquals(fetches, audio.requestCount("/once.wav"), "the audio was not fetched again");
        assertEquals(afterFirst, balance(org), "charged once");
        assertEquals(1000 - first.job().orElseThrow().synapsesCharged, afterFirst);
        assertEquals(1, jobs(org));
    }

    @Test
    void aProbeThatFailsChargesNothingAndFreesTheKey() throws Throwable {
        String org = fundedOrganization(1000);
        audio.status("/missing.wav", 404);
        SubmitTranscription.IdempotencyKey key = new SubmitTranscription.IdempotencyKey("probe-fails", "fingerprint-2");

        DomainException refused = problem(() -> submissions.submit(submission(org, "/missing.wav", Optional.of(key))));

        assertTrue(refused.kind() == ErrorKind.INVALID || refused.kind() == ErrorKind.UNPROCESSABLE, refused.kind() + " " + refused.code());
        assertEquals(1000, balance(org), "nothing charged");
        assertEquals(0, jobs(org));
        // the same key with the audio in place goes through as a new submit: the failed one released it
        audio.serve("/missing.wav", wav(), "audio/wav");
        SubmitResult retried = await(() -> submissions.submit(submission(org, "/missing.wav", Optional.of(key))));
        assertEquals(202, retried.status());
        assertFalse(retried.replayed());
        assertEquals(1, jobs(org));
    }

    @Test
    void aMultiplierChangedSinceTheInstanceReadItIsTheOneCharged() throws Throwable {
        String org = fundedOrganization(1000);
        audio.serve("/repriced.wav", wav(), "audio/wav");
        assertEquals(202, await(() -> submissions.submit(submission(org, "/repriced.wav", Optional.empty()))).status());
        long firstCharge = 1000 - balance(org);
        // an operator doubles the organisation's multiplier while this instance still holds the old one with its rate lease
        await(() -> pool.preparedQuery("update organizations set pricing_multiplier = 2 where id = $1").execute(Tuple.of(org)));

        SubmitResult repriced = await(() -> submissions.submit(submission(org, "/repriced.wav", Optional.empty())));

        assertEquals(202, repriced.status());
        assertEquals(2 * firstCharge, 1000 - firstCharge - balance(org), "the second submit paid the new multiplier");
        var row = await(() -> pool.preparedQuery("""
                        select t.synapses_charged, t.multiplier_org, l.amount from transcriptions t
                          join ledger_entries l on l.transcription_id = t.id and l.kind = 'debit'
                         where t.organization_id = $1 order by t.created_at desc limit 1""")
                .execute(Tuple.of(org))).iterator().next();
        assertEquals(2 * firstCharge, row.getLong(0));
        assertEquals(0, new BigDecimal("2").compareTo(row.getBigDecimal(1)), "the job records the multiplier it paid");
        assertEquals(-2 * firstCharge, row.getLong(2));
        assertEquals(2, jobs(org));
    }

    private SubmitTranscription.Submission submission(String org, String path,
            Optional<SubmitTranscription.IdempotencyKey> key) {
        TranscriptionRequest request = new TranscriptionRequest(org,
                new TranscriptionRequest.TranscriptionOptions(audio.url(path), "en"), null, null, null, null, null).withDefaults();
        return new SubmitTranscription.Submission(org, request, key, "req_test", job -> "{\"id\":\"" + job.id + "\"}");
    }

    private String fundedOrganization(long synapses) throws Throwable {
        Organization created = await(() -> Panache.withTransaction(() -> organizations.create("Submit test", BigDecimal.ONE)
                .call(o -> ledger.credit(o.id, synapses, "test"))));
        return created.id;
    }

    private long balance(String org) throws Throwable {
        return await(() -> pool.preparedQuery("select balance from organizations where id = $1").execute(Tuple.of(org)))
                .iterator().next().getLong(0);
    }

    private long jobs(String org) throws Throwable {
        return await(() -> pool.preparedQuery("select count(*) from transcriptions where organization_id = $1")
                .execute(Tuple.of(org))).iterator().next().getLong(0);
    }

    private static DomainException problem(Supplier<Uni<SubmitResult>> submit) {
        Throwable failure = assertThrows(Throwable.class, () -> await(submit));
        return assertInstanceOf(DomainException.class, failure);
    }

    /** Two seconds of silence, 16 kHz mono 16-bit PCM: the probe reads only the header. */
    private static byte[] wav() {
        int dataBytes = 2 * 16_000 * 2;
        java.nio.ByteBuffer wav = java.nio.ByteBuffer.allocate(44 + dataBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataBytes);
        return wav.array();
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
