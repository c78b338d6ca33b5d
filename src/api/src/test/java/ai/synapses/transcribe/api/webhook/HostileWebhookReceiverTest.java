package ai.synapses.transcribe.api.webhook;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.api.HostileHosts;
import ai.synapses.transcribe.local.HostileHttpsServer;
import ai.synapses.transcribe.local.HostileHttpsServer.Behaviour;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static ai.synapses.transcribe.api.HostileHosts.assertConnectionsClosed;
import static ai.synapses.transcribe.api.HostileHosts.assertNoThreadInside;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook receivers that hang, over real parts: the submit, the worker's processor, the webhook queue
 * (ElasticMQ) and its pollers, PostgreSQL, and a loopback HTTPS receiver that never answers. Each attempt
 * has 2 s here (15 s in production) and the schedule is shortened to {@code 1s,1s}: three attempts.
 */
@QuarkusTest
@TestProfile(HostileHosts.ShortDeadlines.class)
class HostileWebhookReceiverTest {

    static final long ATTEMPT_DEADLINE_MS = HostileHosts.WEBHOOK_DEADLINE.toMillis();

    @Inject
    JobProcessor processor;

    @Inject
    Database db;

    @ParameterizedTest
    @EnumSource(value = Behaviour.class, names = {"SILENT_AFTER_REQUEST", "INTERIM_FOREVER"})
    void eachAttemptOnAHangingReceiverIsATimedOutAttemptAndTheEventFailsAfterTheSchedule(Behaviour behaviour) throws Exception {
        Customer customer = Customers.create(100);
        String id;
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/tone.wav", TestAudio.wav(1, 16000), "audio/wav");
             HostileHttpsServer receiver = HostileHttpsServer.start(behaviour, Duration.ofMillis(400))) {
            String body = """
                    {"organization_id": "%s",
                     "transcription_options": {"language": "en", "audio_url": "%s"},
                     "webhook": {"url": "%s"}}""".formatted(customer.organizationId(), audio.url("/tone.wav"), receiver.url("/hook"));
            id = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(body)
                    .post("/v1/audio/transcribe").then().statusCode(202).extract().path("data.transcription_id");
            assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(id, customer.organizationId())));

            ExtractableResponse<Response> deliveries = awaitEventState(customer, id, "failed");
            assertEquals(List.of(1, 2, 3), deliveries.path("data.deliveries.attempt"));
            assertEquals(Arrays.asList(null, null, null), deliveries.path("data.deliveries.status_code"), "no answer, no status");
            assertEquals(List.of("retrying", "retrying", "failed"), deliveries.path("data.deliveries.outcome"));
            List<String> errors = deliveries.path("data.deliveries.error");
            assertTrue(errors.stream().allMatch(error -> error.startsWith("timeout")), errors.toString());
            List<Integer> latencies = deliveries.path("data.deliveries.latency_ms");
            assertTrue(latencies.stream().allMatch(ms -> ms >= ATTEMPT_DEADLINE_MS && ms < ATTEMPT_DEADLINE_MS + 1000),
                    "each attempt ends at its deadline: " + latencies);
            assertEquals(3, receiver.requestsRead(), "one request per attempt, nothing after the schedule");
            assertConnectionsClosed(receiver);
            assertNoThreadInside("ai.synapses.transcribe.webhook.WebhookSender");
            System.out.printf("HostileWebhookReceiverTest %s: latencies ms %s, errors %s%n", behaviour, latencies, errors);
        }
        // the receiver's troubles changed neither the job nor the bill
        assertEquals("completed", given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id)
                .then().statusCode(200).extract().path("data.status"));
        assertEquals(99, db.balance(customer.organizationId()));
        db.assertInvariantsHold();
    }

    private static ExtractableResponse<Response> awaitEventState(Customer customer, String id, String state) throws InterruptedException {
        long until = System.nanoTime() + 60_000_000_000L;
        while (true) {
            ExtractableResponse<Response> deliveries = given().header("Authorization", customer.bearer())
                    .get("/v1/audio/transcriptions/" + id + "/webhook-deliveries").then().statusCode(200).extract();
            if (state.equals(deliveries.path("data.events[0].state")) || System.nanoTime() > until) {
                assertEquals(state, deliveries.path("data.events[0].state"), deliveries.asString());
                return deliveries;
            }
            Thread.sleep(200);
        }
    }
}
