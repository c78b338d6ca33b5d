package ai.synapses.transcribe.api.operability;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.EmbeddedQueueServer;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health that follows the queue for real, Prometheus metrics that move, and progress a person can watch. */
@QuarkusTest
class OperabilityTest {

    @Inject
    JobQueueProbe queue;

    @Inject
    JobProcessor processor;

    @Test
    void readinessGoesDownWithTheQueueAndComesBackWhileLivenessStaysUp() throws Exception {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("job queue"));
        EmbeddedQueueServer.stop();
        try {
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'job queue' }.status", equalTo("DOWN"));
            // the process itself is fine: restarting it would not bring the queue back
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            EmbeddedQueueServer.restart();
        }
        long deadline = System.currentTimeMillis() + 15_000;
        int status = 0;
        while (System.currentTimeMillis() < deadline && (status = given().get("/q/health/ready").statusCode()) != 200) {
            Thread.sleep(200);
        }
        assertEquals(200, status, "ready again once the queue is back");
    }

    @Test
    void metricsCountSubmitsByOutcomeMoneyJobsAndLatency() throws Exception {
        String before = scrape();
        Customer rich = Customers.create(100);
        Customer poor = Customers.create(1);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/three.wav", TestAudio.wav(3, 16000), "audio/wav")) {
            String body = """
                    {"organization_id": "%s", "transcription_options": {"language": "en", "audio_url": "%s"}}""";
            String id = given().header("Authorization", rich.bearer()).contentType(ContentType.JSON)
                    .body(body.formatted(rich.organizationId(), audio.url("/three.wav")))
                    .post("/v1/audio/transcribe").then().statusCode(202).extract().path("data.transcription_id");
            given().header("Authorization", poor.bearer()).contentType(ContentType.JSON)
                    .body(body.formatted(poor.organizationId(), audio.url("/three.wav")))
                    .post("/v1/audio/transcribe").then().statusCode(402);
            // refused before the resource runs, by the authentication: still a submit, still counted
            given().contentType(ContentType.JSON).body(body.formatted(rich.organizationId(), audio.url("/three.wav")))
                    .post("/v1/audio/transcribe").then().statusCode(401);
            given().header("Authorization", rich.bearer()).get("/v1/audio/transcriptions/" + id).then().statusCode(200);
            given().header("Authorization", rich.bearer()).post("/v1/audio/transcriptions/" + id + "/cancel").then().statusCode(200);
        }
        String after = scrape();

        assertEquals(1, delta(before, after, "transcribe_submits_total", "error_code=\"none\",outcome=\"accepted\""), 0.001);
        assertEquals(1, delta(before, after, "transcribe_submits_total",
                "error_code=\"insufficient_synapses\",outcome=\"rejected\""), 0.001);
        assertEquals(1, delta(before, after, "transcribe_submits_total", "error_code=\"missing_api_key\",outcome=\"rejected\""),
                0.001);
        assertTrue(delta(before, after, "transcribe_synapses_debited_total", "") >= 3);
        assertTrue(delta(before, after, "transcribe_synapses_refunded_total", "") >= 3);
        assertEquals(1, delta(before, after, "transcribe_jobs_finished_total", "error_code=\"none\",status=\"cancelled\""), 0.001);
        // counted for real by WebhookDeliveryTest
        assertTrue(after.contains("transcribe_webhook_attempts_total{outcome=\"failed\"}"), "every outcome is exposed");
        assertTrue(after.contains("transcribe_queue_send_failures_total"));
        // latency histograms for submit and status
        assertTrue(Pattern.compile("http_server_requests_seconds_bucket\\{[^}]*uri=\"/v1/audio/transcribe\"").matcher(after).find(),
                "submit latency histogram");
        assertTrue(Pattern.compile("http_server_requests_seconds_bucket\\{[^}]*uri=\"/v1/audio/transcriptions/\\{transcription_id}\"")
                .matcher(after).find(), "status latency histogram");
    }

    @Test
    void progressRisesWhileProcessingWithAnEstimatedCompletionAndNeverGoesBack() throws Exception {
        queue.drain(0);
        Customer customer = Customers.create(1000);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/long.wav", TestAudio.wav(150, 16000), "audio/wav")) {
            String id = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                    .body("""
                            {"organization_id": "%s", "transcription_options": {"language": "en", "audio_url": "%s"}}"""
                            .formatted(customer.organizationId(), audio.url("/long.wav")))
                    .post("/v1/audio/transcribe").then().statusCode(202).body("data.progress", equalTo(0))
                    .extract().path("data.transcription_id");
            queue.drain(2);
            CompletableFuture<MessageOutcome> work = CompletableFuture.supplyAsync(
                    () -> processor.process(new JobMessage(id, customer.organizationId())));
            List<Integer> seen = new ArrayList<>();
            List<String> estimates = new ArrayList<>();
            while (!work.isDone()) {
                ExtractableResponse<Response> status = given().header("Authorization", customer.bearer())
                        .get("/v1/audio/transcriptions/" + id).then().statusCode(200).extract();
                if ("processing".equals(status.path("data.status"))) {
                    seen.add(status.path("data.progress"));
                    estimates.add(status.path("data.estimated_completion_at"));
                }
                Thread.sleep(100);
            }
            assertEquals(MessageOutcome.ACKNOWLEDGE, work.get());
            given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id).then().statusCode(200)
                    .body("data.status", equalTo("completed")).body("data.progress", equalTo(100))
                    .body("data.estimated_completion_at", org.hamcrest.Matchers.nullValue());
            System.out.println("OperabilityTest: progress seen while processing " + seen.stream().distinct().toList());
            assertFalse(seen.isEmpty(), "the job was seen processing");
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) >= seen.get(i - 1), "never backwards: " + seen);
            }
            assertTrue(seen.stream().anyMatch(p -> p > 0 && p < 100), "progress moved between 0 and 100: " + seen);
            estimates.forEach(estimate -> assertNotNull(OffsetDateTime.parse(estimate)));
        }
    }

    static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The change of one Prometheus sample between two scrapes (0 when absent before). */
    static double delta(String before, String after, String name, String labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    static double value(String scrape, String name, String labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{([^}]*)})? ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        double total = 0;
        while (m.find()) {
            String found = m.group(2) == null ? "" : m.group(2);
            if (labels.isEmpty() || found.contains(labels)) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }
}
