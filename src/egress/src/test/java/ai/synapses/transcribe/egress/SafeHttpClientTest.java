package ai.synapses.transcribe.egress;

import ai.synapses.transcribe.local.HostileHttpsServer;
import ai.synapses.transcribe.local.HostileHttpsServer.Behaviour;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.local.HttpsFileServer.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client against a real HTTPS server on loopback (trusted through the surefire trust store). */
class SafeHttpClientTest {

    static final byte[] FILE = pattern(300_000);

    private static HttpsFileServer server;
    private static SafeHttpClient dev;
    private static SafeHttpClient strict;

    @BeforeAll
    static void start() throws IOException {
        server = HttpsFileServer.start();
        server.serve("/file.wav", FILE, "audio/wav")
                .redirect("/r1", 302, "/r2")
                .redirect("/r2", 301, server.url("/r3"))
                .redirect("/r3", 307, server.ipUrl("/file.wav"))
                .redirect("/q1", 302, "/q2")
                .redirect("/q2", 302, "/q3")
                .redirect("/q3", 302, "/q4")
                .redirect("/q4", 302, "/file.wav")
                .redirect("/to-metadata", 302, "https://169.254.169.254/latest/meta-data/")
                .redirect("/to-metadata-decimal", 302, "https://2852039166/latest/meta-data/")
                .redirect("/to-http", 302, "http://localhost:" + server.port() + "/file.wav")
                .redirect("/to-credentials", 302, "https://user:pw@localhost:" + server.port() + "/file.wav")
                .status("/missing", 404)
                .status("/gone", 410)
                .route("/broken", Route.status(500, "boom"))
                .route("/slow.wav", Route.bytes(FILE, "audio/wav").delayed(Duration.ofSeconds(3)))
                .route("/drip.wav", Route.bytes(FILE, "audio/wav").throttled(4000))
                .status("/hook", 204)
                .redirect("/hook-moved", 308, "/hook");
        dev = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true));
        strict = new SafeHttpClient(FetchOptions.defaults());
    }

    @AfterAll
    static void stop() {
        dev.close();
        strict.close();
        server.close();
    }

    @Test
    void rangeRequestReturnsTheRequestedBytes() throws Exception {
        try (EgressResponse response = dev.get(server.url("/file.wav"), Map.of("Range", "bytes=1000-1999"))) {
            assertEquals(206, response.status());
            assertEquals("bytes 1000-1999/" + FILE.length, response.header("Content-Range").orElseThrow());
            assertArrayEquals(Arrays.copyOfRange(FILE, 1000, 2000), response.readAll(10_000));
        }
    }

    @Test
    void wholeBodyWithoutRange() throws Exception {
        try (EgressResponse response = dev.get(server.ipUrl("/file.wav"), Map.of())) {
            assertEquals(200, response.status());
            assertEquals(FILE.length, response.contentLength());
            assertArrayEquals(FILE, response.readAll(FILE.length));
        }
    }

    @Test
    void bodyLargerThanAllowedIsTooLarge() throws Exception {
        try (EgressResponse response = dev.get(server.url("/file.wav"), Map.of())) {
            assertEquals("too_large", assertThrows(EgressException.class, () -> response.readAll(1000)).code());
        }
    }

    @Test
    void followsThreeRedirectsEachChecked() throws Exception {
        int before = server.requestCount("/file.wav");
        try (EgressResponse response = dev.get(server.url("/r1"), Map.of("Range", "bytes=0-9"))) {
            assertEquals(206, response.status());
            assertEquals(server.ipUrl("/file.wav"), response.url().toString());
            assertArrayEquals(Arrays.copyOf(FILE, 10), response.readAll(10));
        }
        assertEquals(before + 1, server.requestCount("/file.wav"));
        assertEquals("bytes=0-9", server.lastRequest("/r3").orElseThrow().header("Range").orElseThrow());
    }

    @Test
    void fourRedirectsAreTooMany() {
        int before = server.requestCount("/file.wav");
        EgressException e = assertThrows(EgressException.class, () -> dev.get(server.url("/q1"), Map.of()));
        assertEquals("too_many_redirects", e.code());
        assertEquals(before, server.requestCount("/file.wav"));
    }

    @Test
    void redirectLimitIsConfigurable() throws Exception {
        try (SafeHttpClient client = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true).withMaxRedirects(4));
             EgressResponse response = client.get(server.url("/q1"), Map.of())) {
            assertEquals(200, response.status());
        }
        try (SafeHttpClient client = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true).withMaxRedirects(0))) {
            assertEquals("too_many_redirects", assertThrows(EgressException.class, () -> client.get(server.url("/r3"), Map.of())).code());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/to-metadata", "/to-metadata-decimal"})
    void redirectToMetadataIsRefusedEvenInDevMode(String path) {
        EgressException e = assertThrows(EgressException.class, () -> dev.get(server.url(path), Map.of()));
        assertEquals("address_forbidden", e.code());
        assertTrue(e.getMessage().contains("cloud metadata"), e.getMessage());
    }

    @Test
    void redirectToHttpIsRefused() {
        assertEquals("url_not_https", assertThrows(EgressException.class, () -> dev.get(server.url("/to-http"), Map.of())).code());
    }

    @Test
    void redirectWithCredentialsIsRefused() {
        assertEquals("url_has_credentials",
                assertThrows(EgressException.class, () -> dev.get(server.url("/to-credentials"), Map.of())).code());
    }

    @Test
    void slowServerTimesOut() throws Exception {
        try (SafeHttpClient impatient = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400), Duration.ofSeconds(30)))) {
            long started = System.nanoTime();
            EgressException e = assertThrows(EgressException.class, () -> impatient.get(server.url("/slow.wav"), Map.of()));
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals("timeout", e.code(), e.getMessage());
            assertTrue(elapsedMs < 2500, "took " + elapsedMs + " ms");
        }
    }

    @Test
    void serverDrippingBytesHitsTheTotalTimeout() throws Exception {
        try (SafeHttpClient impatient = new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(800)))) {
            long started = System.nanoTime();
            EgressException e = assertThrows(EgressException.class, () -> {
                try (EgressResponse response = impatient.get(server.url("/drip.wav"), Map.of())) {
                    response.readAll(FILE.length);
                }
            });
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals("timeout", e.code(), e.getMessage());
            assertTrue(elapsedMs < 2500, "took " + elapsedMs + " ms");
        }
    }

    // --- hostile hosts: every exchange ends at its deadline, whatever the host does

    /** A deadline far shorter than the connect and read time-outs, so only the deadline can end these exchanges. */
    private static final Duration DEADLINE = Duration.ofMillis(1500);

    private static SafeHttpClient withDeadline(Duration deadline) {
        return new SafeHttpClient(FetchOptions.defaults().withAllowPrivateAddresses(true)
                .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20), deadline));
    }

    @ParameterizedTest
    @ValueSource(strings = {"INTERIM_FOREVER", "TRICKLED_HEAD", "SILENT_AFTER_REQUEST", "SILENT_BEFORE_TLS"})
    void aHostThatNeverFinishesItsAnswerIsCutOffAtTheDeadline(String behaviour) throws Exception {
        // 102 every 400 ms stays under the interim limit until the deadline; the head trickles a byte a second
        Duration pace = behaviour.equals("INTERIM_FOREVER") ? Duration.ofMillis(400) : Duration.ofSeconds(1);
        try (HostileHttpsServer host = HostileHttpsServer.start(Behaviour.valueOf(behaviour), pace);
             SafeHttpClient client = withDeadline(DEADLINE)) {
            EgressException e = assertEndsAtTheDeadline(() -> client.get(host.url("/a.wav"), Map.of()));
            assertEquals(1, host.connectionsAccepted());
            assertEquals(behaviour.equals("SILENT_BEFORE_TLS") ? 0 : 1, host.requestsRead(), "the phase the deadline interrupted");
            assertConnectionClosed(host);
            assertTrue(e.getMessage().contains("1500 ms"), e.getMessage());
        }
    }

    @Test
    void aBodyTrickledSlowerThanTheDeadlineIsCutOffMidRead() throws Exception {
        // one byte every 5 s: a check between reads alone would notice only after the next byte
        try (HostileHttpsServer host = HostileHttpsServer.start(Behaviour.TRICKLED_BODY, Duration.ofSeconds(5));
             SafeHttpClient client = withDeadline(DEADLINE)) {
            assertEndsAtTheDeadline(() -> {
                try (EgressResponse response = client.get(host.url("/a.wav"), Map.of())) {
                    assertEquals(200, response.status());
                    response.readAll(2_000_000);
                }
            });
            assertConnectionClosed(host);
        }
    }

    @Test
    void aWebhookReceiverThatHangsIsCutOffAtTheDeadline() throws Exception {
        try (HostileHttpsServer receiver = HostileHttpsServer.start(Behaviour.SILENT_AFTER_REQUEST, Duration.ofSeconds(1));
             SafeHttpClient client = withDeadline(DEADLINE)) {
            assertEndsAtTheDeadline(() -> client.postJson(receiver.url("/hook"), "{}", Map.of()));
            assertEquals(1, receiver.requestsRead());
            assertConnectionClosed(receiver);
        }
    }

    @Test
    void aProbeOfAHostThatSendsInterimAnswersForeverEndsAtItsDeadline() throws Exception {
        try (HostileHttpsServer host = HostileHttpsServer.start(Behaviour.INTERIM_FOREVER, Duration.ofMillis(400));
             SafeHttpClient client = withDeadline(DEADLINE)) {
            assertEndsAtTheDeadline(() -> client.openAudio(host.url("/a.wav")));
            assertConnectionClosed(host);
        }
    }

    @Test
    void aFloodOfInterimAnswersIsRefusedLongBeforeTheDeadline() throws Exception {
        try (HostileHttpsServer host = HostileHttpsServer.start(Behaviour.INTERIM_FOREVER, Duration.ZERO);
             SafeHttpClient client = withDeadline(Duration.ofSeconds(20))) {
            EgressException e = assertThrows(EgressException.class, () -> client.get(host.url("/a.wav"), Map.of()));
            assertEquals("unreachable", e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("more than " + SafeHttpClient.MAX_INTERIM_RESPONSES + " interim (1xx) responses"),
                    e.getMessage());
            assertFalse(e.deadlineExceeded());
            assertConnectionClosed(host);
        }
    }

    @Test
    void aPooledConnectionOutlivesTheDeadlineOfTheExchangeThatOpenedIt() throws Exception {
        try (EgressResponse warmUp = dev.get(server.url("/file.wav"), Map.of("Range", "bytes=0-0"))) {
            warmUp.readAll(1); // TLS and the client's classes loaded, so the first exchange below is well within 1 s
        }
        try (SafeHttpClient client = withDeadline(Duration.ofSeconds(1))) {
            for (int i = 0; i < 3; i++) {
                try (EgressResponse response = client.get(server.url("/file.wav"), Map.of("Range", "bytes=0-99"))) {
                    assertArrayEquals(Arrays.copyOf(FILE, 100), response.readAll(100));
                }
                Thread.sleep(1200); // past the deadline of the exchange that left its connection in the pool
            }
        }
    }

    /** Runs {@code exchange}, which must fail with the deadline's {@code timeout} no earlier than it and within a second after. */
    private static EgressException assertEndsAtTheDeadline(Executable exchange) {
        long started = System.nanoTime();
        EgressException e = assertThrows(EgressException.class, exchange);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals("timeout", e.code(), e.getMessage());
        assertTrue(e.deadlineExceeded(), e.getMessage());
        assertTrue(elapsedMs >= DEADLINE.toMillis() - 5 && elapsedMs < DEADLINE.toMillis() + 1000, "took " + elapsedMs + " ms");
        return e;
    }

    /** The client closed its connection (the host notices within its next write or read) instead of leaving it to the host. */
    private static void assertConnectionClosed(HostileHttpsServer host) throws InterruptedException {
        BooleanSupplier closed = () -> host.openConnections() == 0;
        for (long until = System.nanoTime() + 3_000_000_000L; !closed.getAsBoolean() && System.nanoTime() < until; ) {
            Thread.sleep(20);
        }
        assertEquals(0, host.openConnections(), "connections the client left open");
    }

    @Test
    void errorStatusesAreHttpErrors() {
        EgressException missing = assertThrows(EgressException.class, () -> dev.get(server.url("/missing"), Map.of()));
        assertEquals("http_error", missing.code());
        assertEquals(404, missing.httpStatus());
        assertTrue(missing.getMessage().contains("404"), missing.getMessage());
        assertEquals(410, assertThrows(EgressException.class, () -> dev.get(server.url("/gone"), Map.of())).httpStatus());
        assertEquals(500, assertThrows(EgressException.class, () -> dev.get(server.url("/broken"), Map.of())).httpStatus());
        assertEquals(404, assertThrows(EgressException.class, () -> dev.get(server.url("/no-such-route"), Map.of())).httpStatus());
    }

    @Test
    void loopbackIsRefusedBeforeAnyRequestWhenPrivateAddressesAreNotAllowed() {
        int before = server.requestCount();
        int port = server.port();
        for (String url : new String[] {
                server.url("/file.wav"),
                server.ipUrl("/file.wav"),
                "https://2130706433:" + port + "/file.wav",
                "https://0x7f000001:" + port + "/file.wav",
                "https://127.1:" + port + "/file.wav",
                "https://[::ffff:127.0.0.1]:" + port + "/file.wav",
                "https://[::1]:" + port + "/file.wav",
        }) {
            EgressException e = assertThrows(EgressException.class, () -> strict.get(url, Map.of()), url);
            assertEquals("address_forbidden", e.code(), url + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("loopback"), e.getMessage());
        }
        assertThrows(EgressException.class, () -> strict.openAudio(server.url("/file.wav")));
        assertThrows(EgressException.class, () -> strict.postJson(server.url("/hook"), "{}", Map.of()));
        assertEquals(before, server.requestCount(), "no request may reach the server");
    }

    @Test
    void refusedNameIsReportedByTheResolverThatSuppliesTheAddresses() {
        EgressException e = assertThrows(EgressException.class, () -> strict.get(server.url("/file.wav"), Map.of()));
        assertEquals("address_forbidden", e.code());
        assertTrue(e.getMessage().startsWith("host localhost resolves to a loopback address"), e.getMessage());
    }

    @Test
    void unresolvableHost() {
        EgressException e = assertThrows(EgressException.class, () -> dev.get("https://no-such-host.invalid/a.wav", Map.of()));
        assertEquals("host_unresolvable", e.code(), e.getMessage());
    }

    @Test
    void closedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        EgressException e = assertThrows(EgressException.class, () -> dev.get("https://127.0.0.1:" + port + "/a.wav", Map.of()));
        assertEquals("unreachable", e.code(), e.getMessage());
    }

    @Test
    void failedTlsHandshakeIsUnreachable() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> {
                try (Socket socket = plain.accept(); OutputStream out = socket.getOutputStream()) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(500);
                } catch (IOException | InterruptedException ignored) {
                    // the test is over
                }
            });
            answerer.setDaemon(true);
            answerer.start();
            EgressException e = assertThrows(EgressException.class,
                    () -> dev.get("https://127.0.0.1:" + plain.getLocalPort() + "/a.wav", Map.of()));
            assertEquals("unreachable", e.code(), e.getMessage());
        }
    }

    @Test
    void postJsonDeliversTheBody() throws Exception {
        try (EgressResponse response = dev.postJson(server.url("/hook"), "{\"event\":\"transcription.completed\"}",
                Map.of("X-Signature", "abc"))) {
            assertEquals(204, response.status());
        }
        HttpsFileServer.RecordedRequest request = server.lastRequest("/hook").orElseThrow();
        assertEquals("POST", request.method());
        assertEquals("{\"event\":\"transcription.completed\"}", request.bodyText());
        assertTrue(request.header("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("abc", request.header("X-Signature").orElseThrow());
    }

    @Test
    void postJsonDoesNotFollowRedirects() {
        int before = server.requestCount("/hook");
        EgressException e = assertThrows(EgressException.class, () -> dev.postJson(server.url("/hook-moved"), "{}", Map.of()));
        assertEquals("http_error", e.code());
        assertEquals(308, e.httpStatus());
        assertEquals(before, server.requestCount("/hook"));
    }

    @Test
    void postJsonHttpIsRefused() {
        assertEquals("url_not_https", assertThrows(EgressException.class, () -> dev.postJson("http://example.com/hook", "{}", Map.of())).code());
    }

    @Test
    void manySequentialRequestsWork() throws Exception {
        // Exercises connection reuse: every body read to its end returns the connection to the pool.
        for (int i = 0; i < 200; i++) {
            int from = i * 1000;
            try (EgressResponse response = dev.get(server.url("/file.wav"), Map.of("Range", "bytes=" + from + "-" + (from + 99)))) {
                assertArrayEquals(Arrays.copyOfRange(FILE, from, from + 100), response.readAll(100));
            }
        }
    }

    /** Bytes whose values depend on their offset, so a wrong offset shows. */
    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8) * 7 + (i >>> 16));
        }
        return bytes;
    }
}
