package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static ai.synapses.transcribe.queue.Blocking.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sentences, paragraphs and word search of a completed job, through the real API, database and job lifecycle: the
 * worker's half is the real {@link JobLifecycle} completing the job with a known result, as a worker stores it.
 */
@QuarkusTest
class TranscriptReadingTest {

    /** Two speakers; A pauses 1.5 s mid-turn (a new sentence), B answers after 2 s (a new sentence and paragraph). */
    static final String RESULT = """
            {"text": "thanks for calling acme how can i help my order has not arrived it was due monday",
             "language": "en", "confidence": 0.85, "audio_duration_seconds": 9.0,
             "words": [{"text": "thanks", "start": 100, "end": 400, "confidence": 0.9, "speaker": "A"},
                       {"text": "for", "start": 400, "end": 550, "confidence": 0.9, "speaker": "A"},
                       {"text": "calling", "start": 550, "end": 900, "confidence": 0.9, "speaker": "A"},
                       {"text": "acme", "start": 900, "end": 1300, "confidence": 0.7, "speaker": "A"},
                       {"text": "how", "start": 2800, "end": 3000, "confidence": 0.9, "speaker": "A"},
                       {"text": "can", "start": 3000, "end": 3150, "confidence": 0.9, "speaker": "A"},
                       {"text": "i", "start": 3150, "end": 3250, "confidence": 0.9, "speaker": "A"},
                       {"text": "help", "start": 3250, "end": 3600, "confidence": 0.9, "speaker": "A"},
                       {"text": "my", "start": 5600, "end": 5750, "confidence": 0.8, "speaker": "B"},
                       {"text": "order", "start": 5750, "end": 6100, "confidence": 0.8, "speaker": "B"},
                       {"text": "has", "start": 6100, "end": 6250, "confidence": 0.8, "speaker": "B"},
                       {"text": "not", "start": 6250, "end": 6450, "confidence": 0.8, "speaker": "B"},
                       {"text": "arrived", "start": 6450, "end": 6900, "confidence": 0.8, "speaker": "B"},
                       {"text": "it", "start": 7400, "end": 7500, "confidence": 0.8, "speaker": "B"},
                       {"text": "was", "start": 7500, "end": 7650, "confidence": 0.8, "speaker": "B"},
                       {"text": "due", "start": 7650, "end": 7900, "confidence": 0.8, "speaker": "B"},
                       {"text": "monday", "start": 7900, "end": 8400, "confidence": 0.6, "speaker": "B"}],
             "utterances": []}""";

    static HttpsFileServer audio;

    @Inject
    JobQueueProbe queue;

    @Inject
    JobLifecycle lifecycle;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start().serve("/nine.wav", TestAudio.wav(9, 16000), "audio/wav");
    }

    @AfterAll
    static void stopAudio() {
        audio.close();
    }

    @BeforeEach
    void emptyQueue() {
        queue.drain(0);
    }

    private String submit(Customer customer) {
        return given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                .body(SubmitTest.body(customer.organizationId(), audio.url("/nine.wav")))
                .post("/v1/audio/transcribe").then().statusCode(202).extract().path("data.transcription_id");
    }

    private String completed(Customer customer) throws IOException {
        String id = submit(customer);
        TranscriptionResult result = new ObjectMapper().readValue(RESULT, TranscriptionResult.class);
        await(() -> lifecycle.claim(id));
        assertEquals(true, await(() -> lifecycle.complete(id, result, 9.0)));
        return id;
    }

    private static ExtractableResponse<Response> get(Customer customer, String path) {
        return given().header("Authorization", customer.bearer()).get(path).then().extract();
    }

    @Test
    void sentencesOfACompletedJob() throws IOException {
        Customer customer = Customers.create(50);
        String id = completed(customer);
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id + "/sentences")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("data.transcription_id", equalTo(id))
                .body("data.confidence", equalTo(0.85f))
                .body("data.audio_duration_seconds", equalTo(9.0f))
                .body("data.sentences.text", equalTo(List.of("thanks for calling acme", "how can i help",
                        "my order has not arrived", "it was due monday")))
                .body("data.sentences.speaker", equalTo(List.of("A", "A", "B", "B")))
                .body("data.sentences[0].start", equalTo(100))
                .body("data.sentences[0].end", equalTo(1300))
                .body("data.sentences[0].confidence", equalTo(0.85f))
                .body("data.sentences[3].words.text", equalTo(List.of("it", "was", "due", "monday")))
                .body("data.sentences[3].words[3].end", equalTo(8400))
                .body("actions.check_status.href", equalTo("/v1/audio/transcriptions/" + id));
    }

    @Test
    void paragraphsOfACompletedJob() throws IOException {
        Customer customer = Customers.create(50);
        String id = completed(customer);
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id + "/paragraphs")
                .then().statusCode(200)
                .body("data.transcription_id", equalTo(id))
                .body("data.paragraphs.text", equalTo(List.of("thanks for calling acme how can i help",
                        "my order has not arrived it was due monday")))
                .body("data.paragraphs.speaker", equalTo(List.of("A", "B")))
                .body("data.paragraphs[1].start", equalTo(5600))
                .body("data.paragraphs[1].end", equalTo(8400))
                .body("data.paragraphs[1].words", hasSize(9));
    }

    @Test
    void wordSearchFindsWordsAndPhrasesWithCountsTimesAndIndexes() throws IOException {
        Customer customer = Customers.create(50);
        String id = completed(customer);
        ExtractableResponse<Response> found = given().header("Authorization", customer.bearer())
                .queryParam("words", "Acme,has not ARRIVED,refund").get("/v1/audio/transcriptions/" + id + "/word-search")
                .then().statusCode(200).extract();
        assertEquals(id, found.path("data.transcription_id"));
        assertEquals(2, (int) found.path("data.total_count"));
        List<Map<String, Object>> matches = found.path("data.matches");
        assertEquals(List.of("Acme", "has not ARRIVED", "refund"), matches.stream().map(m -> m.get("text")).toList());
        assertEquals(List.of(1, 1, 0), matches.stream().map(m -> m.get("count")).toList());
        assertEquals(List.of(List.of(900, 1300)), matches.get(0).get("timestamps"));
        assertEquals(List.of(3), matches.get(0).get("indexes"));
        assertEquals(List.of(List.of(6100, 6900)), matches.get(1).get("timestamps"));
        assertEquals(List.of(10), matches.get(1).get("indexes"));
        assertEquals(List.of(), matches.get(2).get("timestamps"));
        // the parameter may also come more than once
        given().header("Authorization", customer.bearer()).queryParam("words", "monday").queryParam("words", "i")
                .get("/v1/audio/transcriptions/" + id + "/word-search").then().statusCode(200)
                .body("data.total_count", equalTo(2)).body("data.matches.text", equalTo(List.of("monday", "i")));
    }

    @Test
    void wordSearchRefusesMissingEmptyAndTooManyWords() throws IOException {
        Customer customer = Customers.create(50);
        String id = completed(customer);
        String path = "/v1/audio/transcriptions/" + id + "/word-search";
        given().header("Authorization", customer.bearer()).get(path).then().statusCode(400)
                .body("success", equalTo(false)).body("error.code", equalTo("missing_field")).body("error.field", equalTo("words"));
        given().header("Authorization", customer.bearer()).queryParam("words", "").get(path).then().statusCode(400)
                .body("error.code", equalTo("missing_field")).body("error.field", equalTo("words"));
        for (String bad : List.of("acme,,monday", " , ", "###", "a".repeat(101),
                "one two three four five six seven eight nine ten eleven")) {
            given().header("Authorization", customer.bearer()).queryParam("words", bad).get(path).then().statusCode(400)
                    .body("error.code", equalTo("invalid_words")).body("error.field", equalTo("words"));
        }
        given().header("Authorization", customer.bearer()).queryParam("words", "w,".repeat(50) + "w").get(path)
                .then().statusCode(400).body("error.code", equalTo("too_many_words")).body("error.field", equalTo("words"));
        given().header("Authorization", customer.bearer()).queryParam("words", "w,".repeat(49) + "w").get(path)
                .then().statusCode(200).body("data.matches", hasSize(1));
    }

    @Test
    void theStatusRoutesRulesNotFoundNotCompletedAndDeleted() throws IOException {
        Customer customer = Customers.create(50);
        Customer stranger = Customers.create(50);
        String done = completed(customer);
        String queued = submit(customer);
        for (String route : List.of("/sentences", "/paragraphs", "/word-search?words=acme")) {
            assertEquals(401, given().get("/v1/audio/transcriptions/" + done + route).then().extract().statusCode(), route);
            ExtractableResponse<Response> strangers = get(stranger, "/v1/audio/transcriptions/" + done + route);
            assertEquals(404, strangers.statusCode(), route);
            assertEquals("transcription_not_found", strangers.path("error.code"));
            ExtractableResponse<Response> missing = get(customer, "/v1/audio/transcriptions/trans_doesNotExist" + route);
            assertEquals(404, missing.statusCode(), route);
            ExtractableResponse<Response> early = get(customer, "/v1/audio/transcriptions/" + queued + route);
            assertEquals(409, early.statusCode(), route);
            assertEquals("transcription_not_completed", early.path("error.code"));
            assertEquals("transcription_id", early.path("error.field"));
        }
        given().header("Authorization", customer.bearer()).delete("/v1/audio/transcriptions/" + done).then().statusCode(200);
        for (String route : List.of("/sentences", "/paragraphs", "/word-search?words=acme")) {
            ExtractableResponse<Response> gone = get(customer, "/v1/audio/transcriptions/" + done + route);
            assertEquals(410, gone.statusCode(), route);
            assertEquals("transcription_content_deleted", gone.path("error.code"));
            assertEquals(false, gone.asString().contains("acme"), gone.asString());
        }
    }
}
