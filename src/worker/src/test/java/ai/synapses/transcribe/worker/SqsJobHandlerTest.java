package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.organization.Organization;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static ai.synapses.transcribe.queue.Blocking.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lambda entry point, fed real SQS event JSON through Quarkus' mock event server, over the real
 * database, real HTTPS audio and the real engine.
 */
@QuarkusTest
class SqsJobHandlerTest {

    static HttpsFileServer audio;

    @Inject
    TestJobs jobs;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start()
                .serve("/speech.wav", WorkerFixtures.speech(), "audio/wav")
                .serve("/vanishing.wav", WorkerFixtures.tone(3), "audio/wav");
    }

    @AfterAll
    static void stopAudio() {
        audio.close();
    }

    @Test
    void reportsExactlyTheBadMessageAndSettlesEveryJobOnce() throws Throwable {
        Organization org = jobs.fundedOrganization("Worker test", 100);
        TranscriptionJob good = jobs.submit(org.id, audio.url("/speech.wav"));
        TranscriptionJob doomed = jobs.submit(org.id, audio.url("/vanishing.wav"));
        // the file is gone by the time the worker fetches it
        audio.status("/vanishing.wav", 404);
        long charged = good.synapsesCharged + doomed.synapsesCharged;
        assertEquals(100 - charged, balance(org.id));

        String event = SqsEvents.event("transcription-jobs",
                Map.of("m-good", message(good), "m-bad", "this is not a job", "m-doomed", message(doomed)));
        JsonNode response = json.readTree(given().contentType("application/json").body(event).post()
                .then().statusCode(200).extract().asString());
        List<String> failed = SqsEvents.failures(response);
        assertEquals(List.of("m-bad"), failed, "only the malformed message goes back to the queue");

        TranscriptionJob done = job(good.id);
        assertEquals("completed", done.status.name());
        JsonNode transcript = json.valueToTree(done.result);
        double duration = transcript.path("audio_duration_seconds").asDouble();
        assertEquals(WorkerFixtures.speechSeconds(), duration, 0.01);
        for (JsonNode word : transcript.path("words")) {
            assertTrue(word.path("start").asLong() >= 0 && word.path("end").asLong() <= Math.round(duration * 1000) + 1,
                    "word times inside the audio: " + word);
        }
        WorkerFixtures.assertTranscriptMatches(transcript.path("text").asText());

        TranscriptionJob failedJob = job(doomed.id);
        assertEquals("failed", failedJob.status.name());
        assertTrue(failedJob.errorCode.startsWith("audio_"), failedJob.errorCode);
        assertEquals(doomed.synapsesCharged, failedJob.synapsesRefunded);
        long settledGood = done.synapsesCharged - done.synapsesRefunded;
        assertEquals(100 - settledGood, balance(org.id));
        assertEquals(balance(org.id), ledgerSum(org.id));

        // the same messages again (SQS is at-least-once): nothing is processed or refunded twice
        JsonNode again = json.readTree(given().contentType("application/json")
                .body(SqsEvents.event("transcription-jobs", Map.of("m-good-2", message(good), "m-doomed-2", message(doomed))))
                .post()
                .then().statusCode(200).extract().asString());
        assertEquals(List.of(), SqsEvents.failures(again));
        assertEquals(100 - settledGood, balance(org.id));
        assertEquals(1, refunds(doomed.id));
        assertEquals(job(good.id).completedAt, done.completedAt);
    }

    private static String message(TranscriptionJob job) {
        return "{\"transcription_id\":\"" + job.id + "\",\"organization_id\":\"" + job.organizationId + "\"}";
    }

    private static TranscriptionJob job(String id) throws Throwable {
        return await(() -> Panache.withSession(() -> TranscriptionJob.<TranscriptionJob>findById(id)));
    }

    private static long balance(String orgId) throws Throwable {
        return await(() -> Panache.withSession(() -> Organization.<Organization>findById(orgId))).balance;
    }

    private static long ledgerSum(String orgId) throws Throwable {
        return await(() -> Panache.withSession(() -> Panache.getSession().flatMap(s -> s.createQuery(
                "select coalesce(sum(e.amount), 0) from LedgerEntry e where e.organizationId = ?1", Long.class)
                .setParameter(1, orgId).getSingleResult())));
    }

    private static long refunds(String transcriptionId) throws Throwable {
        return await(() -> Panache.withSession(() -> Panache.getSession().flatMap(s -> s.createQuery(
                "select count(e) from LedgerEntry e where e.transcriptionId = ?1 and e.kind = ai.synapses.transcribe.billing.LedgerEntry.Kind.refund",
                Long.class).setParameter(1, transcriptionId).getSingleResult())));
    }
}
