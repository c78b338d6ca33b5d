package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spoken clip (espeak-ng, see {@code audio/make-pii-clip.sh}) that says a name, a phone number and an
 * email address, submitted with every option on and taken through the real queue, engine and
 * enrichment by the worker's poller: it comes back redacted and enriched, and none of the three
 * values is anywhere in the job's JSON, its captions, its sentences or paragraphs, or found by a word search.
 */
@QuarkusTest
@TestProfile(PipelineTest.WithWorker.class)
class PiiPipelineTest {

    /** What the clip says, as the recogniser writes it and as it is written: none of it may come back. */
    static final List<String> SAID = List.of("john", "smith", "four one five", "five five five", "oh one nine nine",
            "yahoo", "john at", "415", "0199");

    @Test
    void everyOptionOnComesBackRedactedAndEnrichedWithNoLeak() throws Exception {
        byte[] clip;
        try (InputStream in = PiiPipelineTest.class.getResourceAsStream("/audio/pii-clip.wav")) {
            clip = in.readAllBytes();
        }
        Customer customer = Customers.create(100);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/pii.wav", clip, "audio/wav")) {
            String body = """
                    {"organization_id": "%s",
                     "transcription_options": {"language": "en", "audio_url": "%s"},
                     "speaker_analysis": {"diarization_enabled": true},
                     "intelligence_features": {"sentiment_analysis_enabled": true, "entity_detection_enabled": true,
                                               "auto_highlights_enabled": true, "summarization_enabled": true},
                     "privacy_settings": {"pii_redaction_enabled": true}}""".formatted(customer.organizationId(),
                    audio.url("/pii.wav"));
            String id = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(body)
                    .post("/v1/audio/transcribe").then().statusCode(202).extract().path("data.transcription_id");

            ExtractableResponse<Response> done = null;
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline) {
                done = given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id)
                        .then().statusCode(200).extract();
                if (List.of("completed", "failed").contains(done.<String>path("data.status"))) {
                    break;
                }
                Thread.sleep(250);
            }
            String json = done.asString();
            System.out.println("PiiPipelineTest: " + done.<String>path("data.text"));
            assertEquals("completed", done.path("data.status"), json);

            // redacted: the three values are gone, ### stands where they were said
            String text = done.path("data.text");
            assertTrue(text.contains("###"), text);
            Map<String, Integer> redactions = done.path("data.privacy_settings.redactions");
            assertTrue(redactions.getOrDefault("person_name", 0) >= 1, json);
            assertTrue(redactions.getOrDefault("phone_number", 0) >= 1, json);
            assertTrue(redactions.getOrDefault("email", 0) >= 1, json);
            assertEquals("hash", done.path("data.privacy_settings.pii_substitution"));
            assertEquals(11, done.<List<String>>path("data.privacy_settings.pii_policies").size());

            // enriched
            List<Map<String, Object>> sentiments = done.path("data.sentiment_analysis_results");
            assertFalse(sentiments.isEmpty(), json);
            assertTrue(sentiments.stream().anyMatch(s -> "POSITIVE".equals(s.get("sentiment"))), json);
            List<String> types = done.path("data.entities.entity_type");
            assertTrue(types.containsAll(List.of("person_name", "phone_number", "email_address")), json);
            List<String> entityTexts = done.path("data.entities.text");
            for (int i = 0; i < types.size(); i++) {
                if (List.of("person_name", "phone_number", "email_address").contains(types.get(i))) {
                    assertEquals("###", entityTexts.get(i), json);
                }
            }
            assertNotNull(done.path("data.auto_highlights.results"), json);
            String summary = done.path("data.summary");
            assertTrue(summary != null && summary.startsWith("- "), json);

            // no leak anywhere: the whole JSON, and the captions rendered from the stored words
            String srt = given().header("Authorization", customer.bearer())
                    .get("/v1/audio/transcriptions/" + id + "/subtitles?format=srt").then().statusCode(200)
                    .extract().asString();
            String vtt = given().header("Authorization", customer.bearer())
                    .get("/v1/audio/transcriptions/" + id + "/subtitles?format=vtt").then().statusCode(200)
                    .extract().asString();
            assertTrue(srt.contains("###"), srt);
            // nor in the sentences, the paragraphs or a search for the values themselves
            String sentences = given().header("Authorization", customer.bearer())
                    .get("/v1/audio/transcriptions/" + id + "/sentences").then().statusCode(200).extract().asString();
            String paragraphs = given().header("Authorization", customer.bearer())
                    .get("/v1/audio/transcriptions/" + id + "/paragraphs").then().statusCode(200).extract().asString();
            assertTrue(sentences.contains("###"), sentences);
            given().header("Authorization", customer.bearer()).queryParam("words", "john,smith,yahoo,john smith")
                    .get("/v1/audio/transcriptions/" + id + "/word-search").then().statusCode(200)
                    .body("data.total_count", equalTo(0));
            for (String value : SAID) {
                Pattern word = Pattern.compile("(?<![a-z0-9])" + Pattern.quote(value) + "(?![a-z0-9])",
                        Pattern.CASE_INSENSITIVE);
                assertFalse(word.matcher(json).find(), "'" + value + "' in the result: " + json);
                assertFalse(word.matcher(srt).find(), "'" + value + "' in the SRT: " + srt);
                assertFalse(word.matcher(vtt).find(), "'" + value + "' in the VTT: " + vtt);
                assertFalse(word.matcher(sentences).find(), "'" + value + "' in the sentences: " + sentences);
                assertFalse(word.matcher(paragraphs).find(), "'" + value + "' in the paragraphs: " + paragraphs);
            }
        }
    }
}
