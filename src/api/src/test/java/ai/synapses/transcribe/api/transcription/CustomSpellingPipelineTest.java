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
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code custom_spelling} through the real submit, queue, engine and worker on Kennedy's "ask not" (samples'
 * {@code jfk.wav}), then the transcript read as sentences, paragraphs and a word search: the customer's spelling is
 * in the text, the words, the utterances and everything built from them.
 */
@QuarkusTest
@TestProfile(PipelineTest.WithWorker.class)
class CustomSpellingPipelineTest {

    @Test
    void theSpellingIsAppliedToTextWordsAndEverythingReadFromThem() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(PipelineTest.JFK), "CustomSpellingPipelineTest skipped: ../shared/eval not found");
        Customer customer = Customers.create(100);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/jfk.wav", Files.readAllBytes(PipelineTest.JFK), "audio/wav")) {
            String body = """
                    {"organization_id": "%s",
                     "transcription_options": {"language": "en", "audio_url": "%s"},
                     "custom_spelling": [{"from": [" Americans "], "to": "Americans"},
                                         {"from": ["your country"], "to": "YOUR-COUNTRY"}]}"""
                    .formatted(customer.organizationId(), audio.url("/jfk.wav"));
            ExtractableResponse<Response> accepted = given().header("Authorization", customer.bearer())
                    .contentType(ContentType.JSON).body(body).post("/v1/audio/transcribe").then().statusCode(202).extract();
            String id = accepted.path("data.transcription_id");
            // kept with the job's options, as given (trimmed)
            assertEquals(List.of(Map.of("from", List.of("Americans"), "to", "Americans"),
                    Map.of("from", List.of("your country"), "to", "YOUR-COUNTRY")), accepted.path("data.custom_spelling"));

            ExtractableResponse<Response> done = Jobs.awaitFinished(customer, id);
            assertEquals("completed", done.path("data.status"), done.asString());
            String text = done.path("data.text");
            System.out.println("CustomSpellingPipelineTest: " + text);
            assertTrue(text.contains("fellow Americans"), text);
            assertFalse(text.contains("your country"), text);
            List<String> words = done.path("data.words.text");
            assertEquals(2, words.stream().filter("YOUR-COUNTRY"::equals).count(), words.toString());
            assertTrue(words.contains("Americans"), words.toString());
            List<String> utterances = done.path("data.utterances.text");
            assertEquals(text, String.join(" ", utterances));
            assertEquals(List.of(Map.of("from", List.of("Americans"), "to", "Americans"),
                    Map.of("from", List.of("your country"), "to", "YOUR-COUNTRY")), done.path("data.custom_spelling"));

            // read another way, the same words
            List<String> sentences = given().header("Authorization", customer.bearer())
                    .get("/v1/audio/transcriptions/" + id + "/sentences").then().statusCode(200).extract()
                    .path("data.sentences.text");
            assertEquals(text, String.join(" ", sentences));
            List<String> paragraphs = given().header("Authorization", customer.bearer())
                    .get("/v1/audio/transcriptions/" + id + "/paragraphs").then().statusCode(200).extract()
                    .path("data.paragraphs.text");
            assertEquals(text, String.join(" ", paragraphs));
            ExtractableResponse<Response> search = given().header("Authorization", customer.bearer())
                    .queryParam("words", "your-country,your country,americans")
                    .get("/v1/audio/transcriptions/" + id + "/word-search").then().statusCode(200).extract();
            assertEquals(List.of(2, 0, 1), search.path("data.matches.count"), search.asString());
            assertEquals(3, (int) search.path("data.total_count"));
        }
    }
}
