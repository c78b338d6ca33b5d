package ai.synapses.transcribe.egress;

import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.local.HttpsFileServer.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random access over range requests, and over servers that ignore them. */
class RemoteAudioTest {

    private static final byte[] SMALL = SafeHttpClientTest.pattern(300_000);
    /** Larger than the loopback socket buffers, so a server that ignores ranges visibly stops early. */
    private static final byte[] LARGE = SafeHttpClientTest.pattern(32 << 20);

    private static HttpsFileServer server;
    private static SafeHttpClient client;

    @BeforeAll
    static void start() throws IOException {
        server = HttpsFileServer.start();
        server.serve("/ranged.wav", SMALL, "audio/wav")
                .route("/whole.wav", Route.bytes(SMALL, "audio/wav").ignoringRanges())
                .route("/large-whole.wav", Route.bytes(LARGE, "audio/wav").ignoringRanges())
                .serve("/large-ranged.wav", LARGE, "audio/wav")
                .serve("/empty.wav", new byte[0], "audio/wav")
                .redirect("/moved.wav", 302, "/ranged.wav");
        client = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void opensWithOneRangeRequestAndKnowsTheSize() throws Exception {
        int before = server.requestCount("/ranged.wav");
        RemoteAudio audio = client.openAudio(server.url("/ranged.wav"));
        assertEquals(SMALL.length, audio.size());
        assertTrue(audio.rangesHonoured());
        assertEquals("audio/wav", audio.contentType().orElseThrow());
        assertEquals(before + 1, server.requestCount("/ranged.wav"));
        assertEquals("bytes=0-65535", server.lastRequest("/ranged.wav").orElseThrow().header("Range").orElseThrow());
        assertEquals(65_536, audio.bytesDownloaded());
        assertArrayEquals(Arrays.copyOf(SMALL, 44), audio.read(0, 44));
        assertEquals(1, audio.requestCount(), "the first chunk is cached");
    }

    @Test
    void readsAnywhereWithCorrectBytes() throws Exception {
        RemoteAudio audio = client.openAudio(server.url("/ranged.wav"));
        assertArrayEquals(Arrays.copyOfRange(SMALL, 65_000, 70_000), audio.read(65_000, 5_000), "across the first chunk's end");
        assertArrayEquals(Arrays.copyOfRange(SMALL, 299_000, 300_000), audio.read(299_000, 5_000), "fewer at the end");
        assertEquals(0, audio.read(300_000, 10).length, "empty past the end");
        assertEquals(0, audio.read(1_000_000, 10).length);
        assertArrayEquals(Arrays.copyOfRange(SMALL, 10, 20), audio.read(10, 10), "from the cache");
        assertArrayEquals(Arrays.copyOfRange(SMALL, 150_000, 150_001), audio.read(150_000, 1));
        assertArrayEquals(SMALL, audio.read(0, SMALL.length), "everything, stitched from cached and new blocks");
        assertTrue(audio.bytesDownloaded() <= SMALL.length, "no byte fetched twice: " + audio.bytesDownloaded());
    }

    @Test
    void manySmallReadsCostFewRequests() throws Exception {
        RemoteAudio audio = client.openAudio(server.url("/large-ranged.wav"));
        for (int offset = 0; offset < 2_000_000; offset += 417) {
            assertArrayEquals(Arrays.copyOfRange(LARGE, offset, offset + 13), audio.read(offset, 13));
        }
        assertTrue(audio.requestCount() <= 6, "requests: " + audio.requestCount());
    }

    @Test
    void followsRedirectOnceThenReadsTheTargetDirectly() throws Exception {
        RemoteAudio audio = client.openAudio(server.url("/moved.wav"));
        int redirects = server.requestCount("/moved.wav");
        assertEquals(server.url("/ranged.wav"), audio.url().uri().toString());
        assertArrayEquals(Arrays.copyOfRange(SMALL, 200_000, 200_010), audio.read(200_000, 10));
        assertEquals(redirects, server.requestCount("/moved.wav"));
    }

    @Test
    void serverIgnoringRangesIsReadOnlyAsFarAsNeeded() throws Exception {
        long started = System.nanoTime();
        RemoteAudio audio = client.openAudio(server.url("/large-whole.wav"));
        assertFalse(audio.rangesHonoured());
        assertEquals(LARGE.length, audio.size(), "from Content-Length");
        assertEquals(65_536, audio.bytesDownloaded());
        assertArrayEquals(Arrays.copyOf(LARGE, 1000), audio.read(0, 1000));
        assertTrue(System.nanoTime() - started < 5_000_000_000L);
        awaitIdle("/large-whole.wav");
        assertTrue(server.bytesSent("/large-whole.wav") < LARGE.length / 2,
                "the server kept sending: " + server.bytesSent("/large-whole.wav"));

        // A later read past the cache fetches again from the start and skips forward.
        assertArrayEquals(Arrays.copyOfRange(LARGE, 1_000_000, 1_000_100), audio.read(1_000_000, 100));
        assertEquals(2, audio.requestCount());
        assertTrue(audio.bytesDownloaded() > 1_000_000);
    }

    @Test
    void smallFileFromServerIgnoringRanges() throws Exception {
        RemoteAudio audio = client.openAudio(server.url("/whole.wav"));
        assertEquals(SMALL.length, audio.size());
        assertArrayEquals(Arrays.copyOfRange(SMALL, 250_000, 250_500), audio.read(250_000, 500));
        assertArrayEquals(Arrays.copyOfRange(SMALL, 100, 200), audio.read(100, 100));
    }

    @Test
    void downloadsAreBoundedByMaxProbeBytes() throws Exception {
        try (SafeHttpClient limited = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true)
                .withProbeLimits(65_536, 1 << 20, 64))) {
            RemoteAudio whole = limited.openAudio(server.url("/large-whole.wav"));
            int requests = server.requestCount("/large-whole.wav");
            EgressException e = assertThrows(EgressException.class, () -> whole.read(4_000_000, 100));
            assertEquals("too_large", e.code());
            assertEquals(requests, server.requestCount("/large-whole.wav"), "refused before asking");

            RemoteAudio ranged = limited.openAudio(server.url("/large-ranged.wav"));
            assertArrayEquals(Arrays.copyOfRange(LARGE, 20_000_000, 20_000_100), ranged.read(20_000_000, 100), "ranges make far reads cheap");
            assertEquals("too_large", assertThrows(EgressException.class, () -> ranged.read(0, 2 << 20)).code());
        }
    }

    @Test
    void requestsAreBounded() throws Exception {
        try (SafeHttpClient limited = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true)
                .withProbeLimits(1024, 16 << 20, 3))) {
            RemoteAudio audio = limited.openAudio(server.url("/large-ranged.wav"));
            audio.read(10_000_000, 10);
            audio.read(20_000_000, 10);
            assertEquals("too_large", assertThrows(EgressException.class, () -> audio.read(30_000_000, 10)).code());
        }
    }

    @Test
    void emptyFileHasSizeZero() throws Exception {
        RemoteAudio audio = client.openAudio(server.url("/empty.wav"));
        assertEquals(0, audio.size());
        assertEquals(0, audio.read(0, 100).length);
    }

    @Test
    void missingFileIsHttpError() {
        EgressException e = assertThrows(EgressException.class, () -> client.openAudio(server.url("/nope.wav")));
        assertEquals("http_error", e.code());
        assertEquals(404, e.httpStatus());
    }

    private static void awaitIdle(String path) throws InterruptedException {
        for (int i = 0; i < 100 && server.inFlight(path) > 0; i++) {
            Thread.sleep(50);
        }
    }
}
