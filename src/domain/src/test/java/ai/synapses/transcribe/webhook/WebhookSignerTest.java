package ai.synapses.transcribe.webhook;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignerTest {

    // The Standard Webhooks specification's published vector (its reference libraries test against it).
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void matchesTheSpecificationsTestVector() {
        assertEquals(EXPECTED, WebhookSigner.sign(SECRET, ID, TIMESTAMP, BODY));
        assertTrue(WebhookSigner.verify(SECRET, ID, TIMESTAMP, BODY, EXPECTED));
    }

    @Test
    void anyChangeBreaksTheSignature() {
        assertFalse(WebhookSigner.verify(SECRET, ID, TIMESTAMP + 1, BODY, EXPECTED));
        assertFalse(WebhookSigner.verify(SECRET, ID, TIMESTAMP, BODY.replace('2', '3'), EXPECTED));
        assertFalse(WebhookSigner.verify(SECRET, "msg_other", TIMESTAMP, BODY, EXPECTED));
        assertFalse(WebhookSigner.verify(WebhookSigner.newSecret(), ID, TIMESTAMP, BODY, EXPECTED));
    }

    @Test
    void duringARotationBothSecretsSignAndEitherVerifies() {
        String fresh = WebhookSigner.newSecret();
        String header = WebhookSigner.signatures(List.of(fresh, SECRET), ID, TIMESTAMP, BODY);
        assertEquals(2, header.split(" ").length);
        assertTrue(header.endsWith(" " + EXPECTED));
        assertTrue(WebhookSigner.verify(SECRET, ID, TIMESTAMP, BODY, header));
        assertTrue(WebhookSigner.verify(fresh, ID, TIMESTAMP, BODY, header));
    }

    @Test
    void newSecretsAreWhsecWith32RandomBytes() {
        String secret = WebhookSigner.newSecret();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);
        assertFalse(secret.equals(WebhookSigner.newSecret()));
    }
}
