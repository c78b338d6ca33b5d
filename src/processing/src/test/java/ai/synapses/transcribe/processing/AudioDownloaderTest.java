package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.decoding.AudioProcessingException;
import ai.synapses.transcribe.decoding.DecodingOptions;
import ai.synapses.transcribe.decoding.DownloadedAudio;
import ai.synapses.transcribe.egress.FetchOptions;
import ai.synapses.transcribe.egress.SafeHttpClient;
import ai.synapses.transcribe.local.HostileHttpsServer;
import ai.synapses.transcribe.local.HttpsFileServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads over loopback HTTPS: limits, errors, and no file left behind when it fails. */
class AudioDownloaderTest {

    private static final int LIMIT = 256 * 1024;
    private static HttpsFileServer server;
    private static HttpsServer chunked;
    private static final AtomicLong chunkedBytesSent = new AtomicLong();
    private static SafeHttpClient client;
    private static byte[] audio;

    @TempDir
    Path temp;

    @BeforeAll
    static void servers() throws Exception {
        audio = new byte[200_000];
        new Random(1).nextBytes(audio);
        server = HttpsFileServer.start();
        server.serve("/a.wav", audio, "audio/wav")
                .serve("/big.wav", new byte[4 * LIMIT], "audio/wav")
                .redirect("/moved.wav", 302, server.url("/a.wav"))
                .status("/unavailable.wav", 503);
        chunked = startChunkedServer();
        client = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
        chunked.stop(0);
    }

    private AudioDownloader downloader() {
        return new AudioDownloader(client, DecodingOptions.defaults().withMaxDownloadBytes(LIMIT).withTempDir(temp));
    }

    @Test
    void downloadsTheWholeFile() throws Exception {
        try (DownloadedAudio d = downloader().download(server.url("/a.wav"))) {
            assertEquals(audio.length, d.bytes());
            assertArrayEquals(audio, Files.readAllBytes(d.file()));
            assertEquals("audio/wav", d.contentType().orElseThrow());
            assertTrue(d.file().startsWith(temp));
        }
        assertEquals(0, files(), "close() deletes the file");
    }

    @Test
    void followsRedirects() throws Exception {
        try (DownloadedAudio d = downloader().download(server.url("/moved.wav"))) {
            assertArrayEquals(audio, Files.readAllBytes(d.file()));
            assertEquals("/a.wav", d.url().getPath());
        }
    }

    @Test
    void downloadsAStreamWithoutContentLength() throws Exception {
        try (DownloadedAudio d = downloader().download(chunkedUrl("/stream?bytes=100000"))) {
            assertEquals(100_000, d.bytes());
            assertEquals(100_000, Files.size(d.file()));
        }
    }

    @Test
    void refusesAnAnnouncedLengthAboveTheLimitBeforeReadingTheBody() {
        AudioProcessingException e = assertThrows(AudioProcessingException.class, () -> downloader().download(server.url("/big.wav")));
        assertEquals(AudioProcessingException.TOO_LARGE, e.code());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("262144"), e.getMessage());
        assertEquals(0, files(), "nothing left behind");
    }

    @Test
    void cutsOffAnEndlessStreamAtTheLimit() throws Exception {
        chunkedBytesSent.set(0);
        AudioProcessingException e = assertThrows(AudioProcessingException.class,
                () -> downloader().download(chunkedUrl("/stream?bytes=" + (64L << 20))));
        assertEquals(AudioProcessingException.TOO_LARGE, e.code());
        assertEquals(0, files(), "nothing left behind");
        Thread.sleep(200);
        assertTrue(chunkedBytesSent.get() < 16L << 20, "the server was stopped early: " + chunkedBytesSent.get() + " bytes sent");
    }

    @Test
    void notFoundIsAClearPermanentError() {
        AudioProcessingException e = assertThrows(AudioProcessingException.class, () -> downloader().download(server.url("/missing.wav")));
        assertEquals("audio_url_http_error", e.code());
        assertEquals(404, e.httpStatus());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        assertEquals(0, files(), "nothing left behind");
    }

    @Test
    void serverErrorsAreRetryable() {
        AudioProcessingException e = assertThrows(AudioProcessingException.class, () -> downloader().download(server.url("/unavailable.wav")));
        assertEquals("audio_url_http_error", e.code());
        assertEquals(503, e.httpStatus());
        assertTrue(e.retryable());
        assertEquals(0, files());
    }

    @Test
    void aHostThatOutlastsTheDownloadTimeFailsForGoodAtItsEnd() throws Exception {
        Duration downloadTime = Duration.ofMillis(1500);
        try (HostileHttpsServer host = HostileHttpsServer.start(HostileHttpsServer.Behaviour.TRICKLED_BODY, Duration.ofMillis(200));
             SafeHttpClient impatient = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true)
                     .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), downloadTime))) {
            AudioDownloader downloader = new AudioDownloader(impatient, DecodingOptions.defaults().withTempDir(temp));
            long started = System.nanoTime();
            AudioProcessingException e = assertThrows(AudioProcessingException.class, () -> downloader.download(host.url("/a.wav")));
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals("audio_url_timeout", e.code(), e.getMessage());
            assertFalse(e.retryable(), "another attempt would take as long again");
            assertTrue(elapsedMs >= downloadTime.toMillis() - 5 && elapsedMs < downloadTime.toMillis() + 1000, "took " + elapsedMs + " ms");
        }
        assertEquals(0, files(), "nothing left behind");
    }

    @Test
    void aHostSilentForLongerThanTheReadTimeOutMayBeTriedAgain() throws Exception {
        try (HostileHttpsServer host = HostileHttpsServer.start(HostileHttpsServer.Behaviour.SILENT_AFTER_REQUEST, Duration.ZERO);
             SafeHttpClient client = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true)
                     .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(30)))) {
            AudioDownloader downloader = new AudioDownloader(client, DecodingOptions.defaults().withTempDir(temp));
            AudioProcessingException e = assertThrows(AudioProcessingException.class, () -> downloader.download(host.url("/a.wav")));
            assertEquals("audio_url_timeout", e.code(), e.getMessage());
            assertTrue(e.retryable(), "a host that stalled once may answer the next attempt");
        }
    }

    @Test
    void theSsrfGuardOfTheSubmitApplies() {
        try (SafeHttpClient production = new SafeHttpClient(FetchOptions.defaults())) {
            AudioDownloader downloader = new AudioDownloader(production, DecodingOptions.defaults().withTempDir(temp));
            AudioProcessingException e = assertThrows(AudioProcessingException.class, () -> downloader.download(server.url("/a.wav")));
            assertEquals("audio_url_forbidden", e.code());
            e = assertThrows(AudioProcessingException.class, () -> downloader.download("http://example.com/a.wav"));
            assertEquals("audio_url_not_https", e.code());
        }
        assertEquals(0, files());
    }

    private long files() {
        try (Stream<Path> s = Files.list(temp)) {
            return s.count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String chunkedUrl(String path) {
        return "https://localhost:" + chunked.getAddress().getPort() + path;
    }

    /** Answers /stream?bytes=N with N bytes in chunked encoding (no Content-Length), stopping when the client leaves. */
    private static HttpsServer startChunkedServer() throws Exception {
        Path keyStore = Path.of(System.getProperty(HttpsFileServer.KEYSTORE_PROPERTY));
        char[] password = "changeit".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        s.createContext("/stream", exchange -> {
            long n = Long.parseLong(exchange.getRequestURI().getQuery().substring("bytes=".length()));
            exchange.getResponseHeaders().set("Content-Type", "audio/mpeg");
            exchange.sendResponseHeaders(200, 0); // 0: chunked
            byte[] chunk = new byte[16 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < n; sent += chunk.length) {
                    int len = (int) Math.min(chunk.length, n - sent);
                    out.write(chunk, 0, len);
                    chunkedBytesSent.addAndGet(len);
                }
            } catch (java.io.IOException gone) {
                // the client stopped reading
            } finally {
                exchange.close();
            }
        });
        s.start();
        return s;
    }
}
