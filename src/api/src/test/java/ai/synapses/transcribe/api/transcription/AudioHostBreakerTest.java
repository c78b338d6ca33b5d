package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The audio probe's guard, per host: one retry of a gateway error, then a breaker that stops asking a failing host. */
@QuarkusTest
class AudioHostBreakerTest {

    @Inject
    Database db;

    @Test
    void aFailingAudioHostIsRetriedOnceThenLeftAloneWhileOthersAreServed() throws Exception {
        Customer customer = Customers.create(100);
        try (HttpsFileServer failing = HttpsFileServer.start().status("/down.wav", 503);
             HttpsFileServer healthy = HttpsFileServer.start().serve("/ok.wav", TestAudio.wav(1, 16000), "audio/wav")) {
            String body = SubmitTest.body(customer.organizationId(), failing.url("/down.wav"));
            submit(customer, body).then().statusCode(422)
                    .body("error.code", equalTo("audio_url_http_error")).body("error.details.http_status", equalTo(503));
            assertEquals(2, failing.requestCount("/down.wav"), "a 503 is tried once more");

            // the default breaker: 10 calls, 80 % failed; each refused submit is two calls
            for (int i = 0; i < 4; i++) {
                submit(customer, body).then().statusCode(422);
            }
            int asked = failing.requestCount("/down.wav");
            assertEquals(10, asked);
            submit(customer, body).then().statusCode(422)
                    .body("error.code", equalTo("audio_url_unreachable"))
                    .body("error.message", containsString("failed repeatedly"))
                    .body("error.field", equalTo("transcription_options.audio_url"));
            assertEquals(asked, failing.requestCount("/down.wav"), "an open breaker does not ask the host");

            // another host is not affected
            submit(customer, SubmitTest.body(customer.organizationId(), healthy.url("/ok.wav"))).then().statusCode(202);
        }
        assertEquals(1, db.transcriptions(customer.organizationId()), "refused submits leave nothing");
        assertEquals(99, db.balance(customer.organizationId()));
    }

    private static io.restassured.response.Response submit(Customer customer, String body) {
        return given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/audio/transcribe");
    }
}
