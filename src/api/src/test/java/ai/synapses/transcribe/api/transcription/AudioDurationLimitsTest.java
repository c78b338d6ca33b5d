package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prices are always sane: audio the engine would not transcribe (a fraction of a millisecond, longer than the
 * workers' limit, a header claiming centuries) is refused at submit with a 422 that says the limit, and nothing
 * is charged, stored or queued; the shortest audio accepted costs the minimum price, never nothing. Real
 * HTTPS audio server on loopback, real PostgreSQL and ElasticMQ.
 */
@QuarkusTest
class AudioDurationLimitsTest {

    /** transcribe.engine.max-duration and min-duration, the defaults: what the workers decode and nothing else. */
    static final double MAX_SECONDS = 4 * 3600;
    static final double MIN_SECONDS = 0.1;

    static HttpsFileServer audio;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start()
                // 6 samples at 16 kHz: 0.375 ms, which the price used to round to 0 synapses
                .serve("/blip.wav", TestAudio.wav(0.0004, 16000), "audio/wav")
                .serve("/short.wav", TestAudio.wav(0.15, 16000), "audio/wav")
                // 20,000 one-byte samples at 1 Hz: 5 h 33 min of "audio" in a 20 kB file
                .serve("/one-hertz.wav", oneHertzWav(20_000), "audio/wav")
                // an M4A whose track header claims 2^63 - 2 seconds
                .serve("/forever.m4a", withTrackDuration(Files.readAllBytes(AudioFormatsTest.FIXTURES.resolve("m4a-aac-faststart.m4a")),
                        1, Long.MAX_VALUE - 1), "audio/mp4");
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
    void audioTooShortToHoldAWordIsRefusedNotPricedAtZero() {
        Customer customer = Customers.create(10);
        ExtractableResponse<Response> refused = submit(customer, "/blip.wav");
        assertEquals(422, refused.statusCode(), refused.asString());
        assertEquals("audio_too_short", refused.path("error.code"));
        assertEquals("transcription_options.audio_url", refused.path("error.field"));
        assertEquals(MIN_SECONDS, ((Number) refused.path("error.details.min_duration_seconds")).doubleValue(), 1e-6);
        assertEquals(0.000375, ((Number) refused.path("error.details.duration_seconds")).doubleValue(), 1e-9);
        nothingChanged(customer, 10);
    }

    @Test
    void theShortestAcceptedAudioCostsTheMinimumPrice() {
        Customer customer = Customers.create(10);
        ExtractableResponse<Response> accepted = submit(customer, "/short.wav");
        assertEquals(202, accepted.statusCode(), accepted.asString());
        assertEquals(1, (int) accepted.path("billing.synapses_charged"));
        assertEquals(9, db.balance(customer.organizationId()));
        assertEquals(-1, db.number("select amount from ledger_entries where transcription_id = ? and kind = 'debit'",
                (String) accepted.path("data.transcription_id")));
        assertTrue(queue.drain(2).stream().anyMatch(m -> m.contains(accepted.path("data.transcription_id"))));
        db.assertInvariantsHold();
    }

    @Test
    void audioLongerThanTheWorkersTakeIsRefusedWithTheLimit() {
        Customer customer = Customers.create(100_000);
        ExtractableResponse<Response> refused = submit(customer, "/one-hertz.wav");
        assertEquals(422, refused.statusCode(), refused.asString());
        assertEquals("audio_too_long", refused.path("error.code"));
        assertEquals("transcription_options.audio_url", refused.path("error.field"));
        assertEquals(MAX_SECONDS, ((Number) refused.path("error.details.max_duration_seconds")).doubleValue(), 1e-6);
        assertEquals(20_000.0, ((Number) refused.path("error.details.duration_seconds")).doubleValue(), 1e-6);
        nothingChanged(customer, 100_000);
    }

    @Test
    void aHeaderClaimingCenturiesIsRefusedNotAnOverflow() {
        Customer customer = Customers.create(100);
        ExtractableResponse<Response> refused = submit(customer, "/forever.m4a");
        assertEquals(422, refused.statusCode(), refused.asString());
        assertEquals("audio_too_long", refused.path("error.code"));
        assertTrue(((Number) refused.path("error.details.duration_seconds")).doubleValue() > 9e18, refused.asString());
        nothingChanged(customer, 100);
    }

    private void nothingChanged(Customer customer, long balance) {
        assertEquals(balance, db.balance(customer.organizationId()));
        assertEquals(balance, db.ledgerSum(customer.organizationId()));
        assertEquals(0, db.transcriptions(customer.organizationId()));
        assertTrue(queue.drain(1).isEmpty(), "nothing was queued");
        db.assertInvariantsHold();
    }

    private static ExtractableResponse<Response> submit(Customer customer, String path) {
        return SubmitTest.submit(customer, SubmitTest.body(customer.organizationId(), audio.url(path)));
    }

    /** 8-bit mono PCM at 1 Hz: one second of audio per byte. */
    static byte[] oneHertzWav(int samples) {
        ByteBuffer wav = ByteBuffer.allocate(44 + samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + samples).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(1).putInt(1).putShort((short) 1).putShort((short) 8)
                .put("data".getBytes()).putInt(samples);
        byte[] silence = new byte[samples];
        Arrays.fill(silence, (byte) 0x80);
        return wav.put(silence).array();
    }

    /**
     * The MP4 with its audio track's media header rewritten as a version 1 {@code mdhd} (64-bit duration) of
     * {@code duration} units of {@code timescale}; the boxes that contain it grow by the 12 bytes it gains.
     */
    static byte[] withTrackDuration(byte[] mp4, long timescale, long duration) {
        int mdhd = indexOf(mp4, "mdhd", 0) - 4;
        if (mdhd < 0) {
            throw new IllegalArgumentException("no mdhd box");
        }
        int oldSize = ByteBuffer.wrap(mp4, mdhd, 4).getInt();
        ByteBuffer header = ByteBuffer.wrap(mp4, mdhd + 8, oldSize - 8);
        int version = header.get() & 0xff;
        if (version != 0) {
            throw new IllegalArgumentException("expected a version 0 mdhd");
        }
        header.position(header.position() + 3 + 4 + 4 + 4 + 4); // flags, created, modified, timescale, duration
        short language = header.getShort();
        short quality = header.getShort();
        ByteBuffer replaced = ByteBuffer.allocate(oldSize + 12);
        replaced.putInt(oldSize + 12).put("mdhd".getBytes()).putInt(1 << 24).putLong(0).putLong(0)
                .putInt((int) timescale).putLong(duration).putShort(language).putShort(quality);
        byte[] out = new byte[mp4.length + 12];
        System.arraycopy(mp4, 0, out, 0, mdhd);
        System.arraycopy(replaced.array(), 0, out, mdhd, oldSize + 12);
        System.arraycopy(mp4, mdhd + oldSize, out, mdhd + oldSize + 12, mp4.length - mdhd - oldSize);
        for (String parent : new String[] {"moov", "trak", "mdia"}) {
            int at = lastIndexBefore(out, parent, mdhd) - 4;
            ByteBuffer.wrap(out, at, 4).putInt(ByteBuffer.wrap(out, at, 4).getInt() + 12);
        }
        return out;
    }

    private static int indexOf(byte[] data, String type, int from) {
        byte[] t = type.getBytes();
        for (int i = from; i + 4 <= data.length; i++) {
            if (data[i] == t[0] && data[i + 1] == t[1] && data[i + 2] == t[2] && data[i + 3] == t[3]) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexBefore(byte[] data, String type, int before) {
        int found = -1;
        for (int at = indexOf(data, type, 0); at >= 0 && at < before; at = indexOf(data, type, at + 1)) {
            found = at;
        }
        if (found < 0) {
            throw new IllegalArgumentException("no " + type + " box before the mdhd");
        }
        return found;
    }
}
