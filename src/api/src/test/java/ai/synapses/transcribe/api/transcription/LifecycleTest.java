package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static ai.synapses.transcribe.queue.Blocking.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rest of a customer's day: cancel, list, delete, subtitles; through the real database and the real job lifecycle. */
@QuarkusTest
class LifecycleTest {

    static HttpsFileServer audio;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Inject
    JobLifecycle lifecycle;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start().serve("/four.wav", TestAudio.wav(4, 16000), "audio/wav");
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
                .body(SubmitTest.body(customer.organizationId(), audio.url("/four.wav")))
                .post("/v1/audio/transcribe").then().statusCode(202).extract().path("data.transcription_id");
    }

    @Test
    void cancellingAQueuedJobRefundsItOnce() {
        Customer customer = Customers.create(50);
        Customer stranger = Customers.create(50);
        String id = submit(customer);
        assertEquals(46, db.balance(customer.organizationId()));

        given().header("Authorization", stranger.bearer()).post("/v1/audio/transcriptions/" + id + "/cancel")
                .then().statusCode(404).body("error.code", equalTo("transcription_not_found"));
        given().header("Authorization", customer.bearer()).post("/v1/audio/transcriptions/" + id + "/cancel")
                .then().statusCode(200)
                .body("data.status", equalTo("cancelled"))
                .body("billing.synapses_refunded", equalTo(4))
                .body("billing.synapses_consumed", equalTo(0));
        given().header("Authorization", customer.bearer()).post("/v1/audio/transcriptions/" + id + "/cancel")
                .then().statusCode(409).body("error.code", equalTo("transcription_not_cancellable"));

        assertEquals(50, db.balance(customer.organizationId()));
        assertEquals(50, db.ledgerSum(customer.organizationId()));
        assertEquals(1, db.count("select count(*) from ledger_entries where transcription_id = ? and kind = 'refund' and amount = 4", id));
        // a worker that receives the cancelled job's message claims nothing
        assertEquals(Optional.empty(), await(() -> lifecycle.claim(id)));
    }

    @Test
    void listsNewestFirstWithCursorAndStatusFilter() {
        Customer customer = Customers.create(100);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submit(customer));
        }
        given().header("Authorization", customer.bearer()).post("/v1/audio/transcriptions/" + ids.get(1) + "/cancel")
                .then().statusCode(200);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().header("Authorization", customer.bearer())
                    .queryParam("organization_id", customer.organizationId()).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/v1/audio/transcriptions").then().statusCode(200).extract();
            seen.addAll(page.path("data.transcriptions.transcription_id"));
            cursor = page.path("data.next_cursor");
        } while (cursor != null);
        assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), seen);

        given().header("Authorization", customer.bearer())
                .queryParam("organization_id", customer.organizationId()).queryParam("status", "cancelled")
                .get("/v1/audio/transcriptions").then().statusCode(200)
                .body("data.transcriptions", hasSize(1))
                .body("data.transcriptions[0].transcription_id", equalTo(ids.get(1)))
                .body("data.transcriptions[0].synapses_consumed", equalTo(0))
                .body("data.has_more", equalTo(false));
        given().header("Authorization", customer.bearer()).queryParam("organization_id", customer.organizationId())
                .queryParam("status", "done").get("/v1/audio/transcriptions").then().statusCode(400)
                .body("error.code", equalTo("invalid_status"));
        given().header("Authorization", customer.bearer()).queryParam("organization_id", customer.organizationId())
                .queryParam("limit", 201).get("/v1/audio/transcriptions").then().statusCode(400)
                .body("error.code", equalTo("invalid_limit"));
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions").then().statusCode(400)
                .body("error.field", equalTo("organization_id"));
        Customer stranger = Customers.create(0);
        given().header("Authorization", stranger.bearer()).queryParam("organization_id", customer.organizationId())
                .get("/v1/audio/transcriptions").then().statusCode(403);
    }

    @Test
    void listsByCreationTimeWithTheStatusFilterAndPaging() {
        Customer customer = Customers.create(100);
        for (int i = 0; i < 5; i++) {
            submit(customer);
        }
        var all = given().header("Authorization", customer.bearer()).queryParam("organization_id", customer.organizationId())
                .get("/v1/audio/transcriptions").then().statusCode(200).extract();
        List<String> ids = all.path("data.transcriptions.transcription_id");
        List<String> created = all.path("data.transcriptions.created_at");
        assertEquals(5, ids.size());
        given().header("Authorization", customer.bearer()).post("/v1/audio/transcriptions/" + ids.get(2) + "/cancel")
                .then().statusCode(200);

        // newest first: ids[0] is the last submitted; both bounds are exclusive
        assertEquals(List.of(ids.get(0), ids.get(1)), listed(customer, Map.of("created_after", created.get(2))));
        assertEquals(List.of(ids.get(3), ids.get(4)), listed(customer, Map.of("created_before", created.get(2))));
        assertEquals(List.of(ids.get(1), ids.get(2), ids.get(3)),
                listed(customer, Map.of("created_after", created.get(4), "created_before", created.get(0))));
        assertEquals(List.of(ids.get(2)), listed(customer, Map.of("created_after", created.get(4),
                "created_before", created.get(0), "status", "cancelled")));
        assertEquals(List.of(), listed(customer, Map.of("created_after", created.get(3), "status", "failed")));
        // the same instant in another offset, and a date (its midnight UTC)
        String inParis = java.time.OffsetDateTime.parse(created.get(0))
                .withOffsetSameInstant(java.time.ZoneOffset.ofHours(1)).toString();
        assertEquals(ids.subList(1, 5), listed(customer, Map.of("created_before", inParis)));
        assertEquals(List.of(), listed(customer, Map.of("created_before", "2000-01-01")));
        assertEquals(ids, listed(customer, Map.of("created_after", "2000-01-01")));

        // paging keeps the filters (an offset with its "+" too): the next_page link carries them
        var page = given().header("Authorization", customer.bearer()).queryParam("organization_id", customer.organizationId())
                .queryParam("created_after", created.get(4)).queryParam("created_before", inParis).queryParam("limit", 1)
                .get("/v1/audio/transcriptions").then().statusCode(200).extract();
        assertEquals(List.of(ids.get(1)), page.path("data.transcriptions.transcription_id"));
        String next = page.path("actions.next_page.href");
        var second = given().header("Authorization", customer.bearer()).urlEncodingEnabled(false).get(next)
                .then().statusCode(200).extract();
        assertEquals(List.of(ids.get(2)), second.path("data.transcriptions.transcription_id"));
        var third = given().header("Authorization", customer.bearer()).urlEncodingEnabled(false)
                .get(second.<String>path("actions.next_page.href")).then().statusCode(200).extract();
        assertEquals(List.of(ids.get(3)), third.path("data.transcriptions.transcription_id"));
        assertEquals(false, (boolean) third.path("data.has_more"));

        for (String[] bad : List.of(new String[] {"created_after", "yesterday", "invalid_created_after"},
                new String[] {"created_before", "2026-11-26T10:15:00", "invalid_created_before"},
                new String[] {"created_after", "1700000000", "invalid_created_after"})) {
            given().header("Authorization", customer.bearer()).queryParam("organization_id", customer.organizationId())
                    .queryParam(bad[0], bad[1]).get("/v1/audio/transcriptions").then().statusCode(400)
                    .body("error.code", equalTo(bad[2])).body("error.field", equalTo(bad[0]));
        }
        given().header("Authorization", customer.bearer()).queryParam("organization_id", customer.organizationId())
                .queryParam("created_after", created.get(0)).queryParam("created_before", created.get(0))
                .get("/v1/audio/transcriptions").then().statusCode(400)
                .body("error.code", equalTo("invalid_created_range")).body("error.field", equalTo("created_before"));
    }

    private static List<String> listed(Customer customer, Map<String, String> filters) {
        var request = given().header("Authorization", customer.bearer()).queryParam("organization_id", customer.organizationId());
        filters.forEach(request::queryParam);
        return request.get("/v1/audio/transcriptions").then().statusCode(200).extract().path("data.transcriptions.transcription_id");
    }

    @Test
    void subtitlesAndDeleteOfACompletedJob() {
        Customer customer = Customers.create(50);
        String id = submit(customer);
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id + "/subtitles")
                .then().statusCode(409).body("error.code", equalTo("transcription_not_completed"));
        given().header("Authorization", customer.bearer()).delete("/v1/audio/transcriptions/" + id)
                .then().statusCode(409).body("error.code", equalTo("transcription_not_finished"));

        // the worker's half, through the real lifecycle: claim, then complete with a transcript of 3.2 s decoded audio
        String transcript = """
                {"text": "hello there general kenobi you are a bold one", "language": "en", "confidence": 0.9,
                 "audio_duration_seconds": 3.2,
                 "words": [{"text": "hello", "start": 100, "end": 400, "confidence": 0.9},
                           {"text": "there", "start": 450, "end": 800, "confidence": 0.9},
                           {"text": "general", "start": 900, "end": 1300, "confidence": 0.9},
                           {"text": "kenobi", "start": 1350, "end": 1900, "confidence": 0.9},
                           {"text": "you", "start": 2100, "end": 2200, "confidence": 0.9},
                           {"text": "are", "start": 2200, "end": 2350, "confidence": 0.9},
                           {"text": "a", "start": 2350, "end": 2400, "confidence": 0.9},
                           {"text": "bold", "start": 2400, "end": 2700, "confidence": 0.9},
                           {"text": "one", "start": 2700, "end": 3100, "confidence": 0.9}],
                 "utterances": []}""";
        await(() -> lifecycle.claim(id));
        assertEquals(true, await(() -> lifecycle.complete(id, stored(transcript), 3.2)));
        assertEquals(false, await(() -> lifecycle.complete(id, stored(transcript), 3.2)), "a second completion changes nothing");

        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id)
                .then().statusCode(200)
                .body("data.status", equalTo("completed"))
                .body("data.text", equalTo("hello there general kenobi you are a bold one"))
                .body("data.words", hasSize(9))
                .body("data.audio_duration_seconds", equalTo(3.2f))
                // 4 s pre-charged, 3.2 s decoded costs 4 as well (ceil): nothing to refund
                .body("billing.synapses_consumed", equalTo(4));

        String srt = given().header("Authorization", customer.bearer())
                .get("/v1/audio/transcriptions/" + id + "/subtitles?format=srt&chars_per_caption=16")
                .then().statusCode(200).contentType("application/x-subrip").extract().asString();
        assertEquals("""
                1
                00:00:00,100 --> 00:00:00,800
                hello there

                2
                00:00:00,900 --> 00:00:01,900
                general kenobi

                3
                00:00:02,100 --> 00:00:02,700
                you are a bold

                4
                00:00:02,700 --> 00:00:03,100
                one

                """, srt);
        String vtt = given().header("Authorization", customer.bearer())
                .get("/v1/audio/transcriptions/" + id + "/subtitles?format=vtt")
                .then().statusCode(200).contentType("text/vtt").extract().asString();
        assertEquals("""
                WEBVTT

                00:00:00.100 --> 00:00:02.200
                hello there general kenobi you

                00:00:02.200 --> 00:00:03.100
                are a bold one

                """, vtt);
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id + "/subtitles?format=txt")
                .then().statusCode(400).body("error.code", equalTo("invalid_subtitle_format"));

        given().header("Authorization", customer.bearer()).delete("/v1/audio/transcriptions/" + id)
                .then().statusCode(200)
                .body("data.status", equalTo("completed"))
                .body("data.text", nullValue())
                .body("data.words", nullValue())
                .body("data.content_deleted_at", notNullValue())
                .body("billing.synapses_consumed", equalTo(4));
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id + "/subtitles")
                .then().statusCode(410).body("error.code", equalTo("transcription_content_deleted"));
        assertEquals(1, db.count("select count(*) from ledger_entries where transcription_id = ? and kind = 'debit'", id));
    }

    /** A result as the worker stores it, from its JSON. */
    private static TranscriptionResult stored(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, TranscriptionResult.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
