package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Jobs;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.recognition.WordErrorRate;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What quarkus:dev shows a newcomer: submit, and the worker (its queue poller, in the same process)
 * takes the job from the real queue to {@code completed} with the real engine; the bill is settled.
 */
@QuarkusTest
@TestProfile(PipelineTest.WithWorker.class)
class PipelineTest {

    public static class WithWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("transcribe.worker.poll-enabled", "true", "transcribe.worker.poll-wait", "1s");
        }
    }

    static final Path JFK = Path.of(System.getProperty("transcribe.eval.dir", "../../../shared/eval"), "speech", "jfk.wav");

    @Inject
    Database db;

    @Test
    void jfkGoesFromQueuedToCompletedAndIsSettled() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(JFK), "PipelineTest skipped: ../shared/eval not found");
        Customer customer = Customers.create(100);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/jfk.wav", Files.readAllBytes(JFK), "audio/wav")) {
            String id = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                    .body(SubmitTest.body(customer.organizationId(), audio.url("/jfk.wav")))
                    .post("/v1/audio/transcribe").then().statusCode(202)
                    .body("billing.synapses_consumed", equalTo(11)).extract().path("data.transcription_id");

            ExtractableResponse<Response> done = Jobs.awaitFinished(customer, id);
            assertEquals("completed", done.path("data.status"), done.asString());
            String text = done.path("data.text");
            double wer = WordErrorRate.of(
                    "and so my fellow americans ask not what your country can do for you ask what you can do for your country", text);
            System.out.printf("PipelineTest: jfk.wav WER %.3f: %s%n", wer, text);
            assertTrue(wer <= 0.15, "WER " + wer);
            assertEquals(11.0f, done.<Float>path("data.audio_duration_seconds"), 0.01f);
            List<Integer> ends = done.path("data.words.end");
            assertTrue(ends.stream().allMatch(end -> end <= 11_000), "word times inside the audio");
            assertTrue(done.<List<?>>path("data.utterances").size() >= 1);
            // 11.0 s decoded costs what was pre-charged: nothing refunded, one debit, no refund row
            assertEquals(11, done.<Integer>path("billing.synapses_consumed"));
            assertEquals(89, db.balance(customer.organizationId()));
            assertEquals(89, db.ledgerSum(customer.organizationId()));
        }
    }
}
