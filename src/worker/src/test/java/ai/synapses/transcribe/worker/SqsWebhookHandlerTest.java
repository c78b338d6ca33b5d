package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.job.TranscriptionRequest;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.organization.Organization;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import ai.synapses.transcribe.transcript.Webhook;
import ai.synapses.transcribe.webhook.WebhookMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ai.synapses.transcribe.queue.Blocking.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The webhook function: the worker app with {@code quarkus.lambda.handler=webhooks}, fed real SQS event
 * JSON through the mock event server, delivering to a real HTTPS receiver on loopback.
 */
@QuarkusTest
@TestProfile(SqsWebhookHandlerTest.WebhookFunction.class)
class SqsWebhookHandlerTest {

    public static class WebhookFunction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "webhooks");
        }
    }

    @Inject
    TestJobs jobs;

    @Inject
    JobProcessor processor;

    @Inject
    ObjectMapper json;

    @Test
    void deliversOnceAndReportsOnlyTheBadMessage() throws Throwable {
        try (HttpsFileServer server = HttpsFileServer.start().serve("/tone.wav", WorkerFixtures.tone(2), "audio/wav")
                .status("/hook", 204)) {
            Organization org = jobs.fundedOrganization("Webhook test", 100);
            String url = server.url("/tone.wav");
            TranscriptionJob job = jobs.submit(org.id, url, new Webhook(server.url("/hook"), null));
            assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(job.id, org.id)));
            WebhookMessage message = await(() -> Panache.withSession(() -> WebhookMessage.<WebhookMessage>find(
                    "transcriptionId", job.id).firstResult()));
            assertEquals("transcription.completed", message.eventType);

            String body = "{\"message_id\":\"" + message.id + "\",\"attempt\":0}";
            Map<String, String> bodies = new LinkedHashMap<>();
            bodies.put("m-hook", body);
            bodies.put("m-bad", "not a webhook message");
            bodies.put("m-dup", body);
            assertEquals(List.of("m-bad"), SqsEvents.failures(post(bodies)));
            assertEquals(1, server.requestCount("/hook"), "the duplicate claimed nothing");
            WebhookMessage done = await(() -> Panache.withSession(() -> WebhookMessage.<WebhookMessage>findById(message.id)));
            assertEquals(WebhookMessage.State.delivered, done.state);
            assertEquals(1, done.attempts);

            // SQS redelivers the same message later: still one delivery
            assertEquals(List.of(), SqsEvents.failures(post(Map.of("m-again", body))));
            assertEquals(1, server.requestCount("/hook"));
        }
    }

    private JsonNode post(Map<String, String> bodies) throws Exception {
        return json.readTree(given().contentType("application/json").body(SqsEvents.event("transcription-webhooks", bodies))
                .post().then().statusCode(200).extract().asString());
    }
}
