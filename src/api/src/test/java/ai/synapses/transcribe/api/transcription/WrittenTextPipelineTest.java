package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Jobs;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Written text through the real path: samples/jfk.wav submitted, taken from the real queue by the worker's
 * poller, recognised by the real engine and written. By default the text, the utterances and the captions
 * are punctuated and cased and every word names its written token; {@code punctuate: false} and
 * {@code format_text: false} give the recogniser's words back as they were; a wrong type is refused.
 */
@QuarkusTest
@TestProfile(PipelineTest.WithWorker.class)
class WrittenTextPipelineTest {

    static final Path JFK = Path.of("../../samples/jfk.wav");

    @Inject
    Database db;

    @Test
    void jfkComesBackAsWrittenEnglish() throws Exception {
        Customer customer = Customers.create(100);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/jfk.wav", Files.readAllBytes(JFK), "audio/wav")) {
            ExtractableResponse<Response> done = transcribe(customer, SubmitTest.body(customer.organizationId(),
                    audio.url("/jfk.wav")));
            String text = done.path("data.text");
            System.out.println("WrittenTextPipelineTest: " + text);
            // the engine hears "as not" for "ask not"; the pause after "you" is short, so a comma rather than a full stop
            assertTrue(text.startsWith("And so, my fellow Americans, "), text);
            assertTrue(text.contains(" not what your country can do for you"), text);
            assertTrue(text.endsWith(" ask what you can do for your country.") || text.endsWith(" Ask what you can do for your country."), text);
            assertEquals(true, done.path("data.punctuate"));
            assertEquals(true, done.path("data.format_text"));

            // every word keeps its timing and names the token of the text it belongs to
            String[] tokens = text.split(" ");
            List<Map<String, Object>> words = done.path("data.words");
            int previous = -1;
            for (Map<String, Object> word : words) {
                int token = (Integer) word.get("token");
                assertEquals(tokens[token], word.get("written"), word.toString());
                assertTrue(token == previous || token == previous + 1, "tokens in order: " + words);
                assertEquals(word.get("text"), ((String) word.get("text")).toLowerCase(), "the word as said");
                previous = token;
            }
            assertEquals(tokens.length - 1, previous, "every token has its words");
            assertEquals("Americans,", words.get(4).get("written"));

            // utterances and captions are written too
            List<String> utterances = done.path("data.utterances.text");
            assertTrue(utterances.get(0).startsWith("And so, my fellow Americans"), utterances.toString());
            String srt = given().header("Authorization", customer.bearer())
                    .get("/v1/audio/transcriptions/" + done.path("data.transcription_id") + "/subtitles?format=srt")
                    .then().statusCode(200).extract().asString();
            assertTrue(srt.contains("And so, my fellow"), srt);
            assertTrue(srt.contains("your country."), srt);
        }
    }

    @Test
    void bothOptionsOffGiveTheRecognisersWords() throws Exception {
        Customer customer = Customers.create(100);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/jfk.wav", Files.readAllBytes(JFK), "audio/wav")) {
            String body = """
                    {"organization_id": "%s", "punctuate": false, "format_text": false,
                     "transcription_options": {"language": "en", "audio_url": "%s"}}""".formatted(
                    customer.organizationId(), audio.url("/jfk.wav"));
            ExtractableResponse<Response> done = transcribe(customer, body);
            String text = done.path("data.text");
            assertTrue(text.startsWith("and so my fellow americans "), text);
            assertFalse(text.matches(".*[.,?A-Z].*"), text);
            assertEquals(false, done.path("data.punctuate"));
            assertEquals(false, done.path("data.format_text"));
            List<Map<String, Object>> words = done.path("data.words");
            assertFalse(words.get(0).containsKey("written"), words.get(0).toString());
            assertFalse(words.get(0).containsKey("token"), words.get(0).toString());
        }
    }

    @Test
    void aWrongTypeIsRefusedWithItsField() {
        Customer customer = Customers.create(100);
        String body = """
                {"organization_id": "%s", "punctuate": "yes",
                 "transcription_options": {"language": "en", "audio_url": "https://example.com/a.wav"}}"""
                .formatted(customer.organizationId());
        ExtractableResponse<Response> refused = SubmitTest.submit(customer, body);
        assertEquals(400, refused.statusCode(), refused.asString());
        assertEquals("punctuate", refused.path("error.field"), refused.asString());
        assertEquals(100, db.balance(customer.organizationId()), "nothing charged");
    }

    private static ExtractableResponse<Response> transcribe(Customer customer, String body) throws InterruptedException {
        String id = SubmitTest.submit(customer, body).path("data.transcription_id");
        ExtractableResponse<Response> done = Jobs.awaitFinished(customer, id);
        assertEquals("completed", done.path("data.status"), done.asString());
        return done;
    }
}
