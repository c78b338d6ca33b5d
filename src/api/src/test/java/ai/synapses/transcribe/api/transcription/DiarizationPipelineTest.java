package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Jobs;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code speaker_analysis} through the whole system: submit, the worker's queue poller, the real engine
 * and diarizer, the status answer. A two-speaker mix comes back with speakers A and B on its words and
 * utterances; the same audio without diarization has no speaker anywhere.
 */
@QuarkusTest
@TestProfile(PipelineTest.WithWorker.class)
class DiarizationPipelineTest {

    static final Path MIX = Path.of(System.getProperty("transcribe.eval.dir", "../../../shared/eval"), "diarization",
            "real-2spk-ABAB-short.wav");

    @Test
    void aTwoSpeakerMixComesBackWithSpeakersAAndB() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(MIX), "DiarizationPipelineTest skipped: ../shared/eval not found");
        Customer customer = Customers.create(100);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/mix.wav", Files.readAllBytes(MIX), "audio/wav")) {
            ExtractableResponse<Response> on = transcribe(customer, audio.url("/mix.wav"),
                    "\"speaker_analysis\": {\"diarization_enabled\": true}");
            List<String> speakers = on.path("data.words.speaker");
            System.out.printf("DiarizationPipelineTest: %d words, speakers %s%n", speakers.size(), on.<List<String>>path("data.utterances.speaker"));
            assertEquals(List.of("A", "B"), speakers.stream().distinct().sorted().toList());
            assertEquals("A", speakers.get(0), "the first voice heard is A");
            List<Map<String, Object>> utterances = on.path("data.utterances");
            assertTrue(utterances.size() >= 4, "ABAB turns: " + utterances.size() + " utterances");
            for (Map<String, Object> u : utterances) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> words = (List<Map<String, Object>>) u.get("words");
                assertTrue(words.stream().allMatch(w -> w.get("speaker").equals(u.get("speaker"))), u.toString());
            }
            for (int i = 1; i < utterances.size(); i++) {
                // consecutive utterances of one speaker are only there because of a long pause
                if (utterances.get(i).get("speaker").equals(utterances.get(i - 1).get("speaker"))) {
                    assertTrue(((Number) utterances.get(i).get("start")).longValue()
                            - ((Number) utterances.get(i - 1).get("end")).longValue() >= 700);
                }
            }
            assertEquals(true, on.path("data.speaker_analysis.diarization_enabled"));

            ExtractableResponse<Response> off = transcribe(customer, audio.url("/mix.wav"), null);
            List<String> none = off.path("data.words.speaker");
            assertTrue(none.stream().allMatch(s -> s == null), "no speakers without diarization: " + none);
            assertNull(off.path("data.utterances[0].speaker"));
        }
    }

    private static ExtractableResponse<Response> transcribe(Customer customer, String url, String speakerAnalysis)
            throws InterruptedException {
        String body = """
                {"organization_id": "%s",
                 "transcription_options": {"language": "en", "audio_url": "%s"}%s}"""
                .formatted(customer.organizationId(), url, speakerAnalysis == null ? "" : ", " + speakerAnalysis);
        String id = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(body)
                .post("/v1/audio/transcribe").then().statusCode(202).extract().path("data.transcription_id");
        ExtractableResponse<Response> done = Jobs.awaitFinished(customer, id);
        assertEquals("completed", done.path("data.status"), done.asString());
        return done;
    }
}
