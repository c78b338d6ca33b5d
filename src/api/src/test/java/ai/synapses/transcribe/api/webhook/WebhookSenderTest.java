package ai.synapses.transcribe.api.webhook;

import ai.synapses.transcribe.egress.FetchOptions;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.webhook.WebhookSender;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.hc.core5.ssl.SSLContexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The delivery rules of one attempt against a real HTTPS receiver on loopback. In Quarkus, because the
 * SmallRye Fault Tolerance guards need its runtime.
 */
@QuarkusTest
class WebhookSenderTest {

    static HttpsFileServer receiver;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpsFileServer.start()
                .status("/ok", 200)
                .status("/error", 503)
                .redirect("/moved", 308, "/ok")
                .route("/slow", HttpsFileServer.Route.status(200).delayed(Duration.ofSeconds(3)));
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private static WebhookSender sender(boolean allowPrivate, int circuitVolume) {
        return new WebhookSender(FetchOptions.defaults().withAllowPrivateAddresses(allowPrivate), SSLContexts.createSystemDefault(),
                Duration.ofMillis(1500), circuitVolume, Duration.ofSeconds(60));
    }

    private static WebhookSender.Attempt post(WebhookSender sender, String url) {
        return sender.send(url, "msg_test", 1_700_000_000L, "{}", "v1,x");
    }

    @Test
    void onlyTwoHundredsDeliverAndRedirectsAreNotFollowed() {
        try (WebhookSender sender = sender(true, 10)) {
            WebhookSender.Attempt ok = post(sender, receiver.url("/ok"));
            assertTrue(ok.delivered());
            assertNull(ok.error());
            assertEquals("msg_test", receiver.lastRequest("/ok").orElseThrow().header("webhook-id").orElseThrow());

            WebhookSender.Attempt error = post(sender, receiver.url("/error"));
            assertFalse(error.delivered());
            assertEquals(503, error.status());

            int before = receiver.requestCount("/ok");
            WebhookSender.Attempt moved = post(sender, receiver.url("/moved"));
            assertEquals(308, moved.status());
            assertFalse(moved.delivered());
            assertTrue(moved.error().contains("redirects are not followed"));
            assertEquals(before, receiver.requestCount("/ok"));
        }
    }

    @Test
    void aSlowReceiverTimesOut() {
        try (WebhookSender sender = sender(true, 10)) {
            WebhookSender.Attempt slow = post(sender, receiver.url("/slow"));
            assertNull(slow.status());
            assertTrue(slow.error().startsWith("timeout"), slow.error());
            assertTrue(slow.latencyMs() >= 1400 && slow.latencyMs() < 2900, "latency " + slow.latencyMs());
        }
    }

    @Test
    void theAddressIsCheckedAtDeliveryTime() {
        // production rules: the loopback receiver is a private address, refused before any byte is sent
        try (WebhookSender sender = sender(false, 10)) {
            int before = receiver.requestCount();
            WebhookSender.Attempt refused = post(sender, receiver.url("/ok"));
            assertNull(refused.status());
            assertTrue(refused.error().startsWith("address_forbidden"), refused.error());
            assertEquals(before, receiver.requestCount());
        }
    }

    @Test
    void aHostThatRefusesConnectionsOpensItsCircuitAndOnlyItsOwn() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (WebhookSender sender = sender(true, 4)) {
            String dead = "https://127.0.0.1:" + closedPort + "/hook";
            for (int i = 0; i < 4; i++) {
                assertTrue(post(sender, dead).error().startsWith("unreachable"));
            }
            assertTrue(post(sender, dead).error().startsWith("circuit_open"));
            assertTrue(post(sender, receiver.url("/ok")).delivered(), "another host is unaffected");
        }
    }
}
