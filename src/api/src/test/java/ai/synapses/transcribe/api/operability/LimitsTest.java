package ai.synapses.transcribe.api.operability;

import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static ai.synapses.transcribe.queue.Blocking.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-organisation limits: the submit rate limit (429 + Retry-After) and the fair concurrency cap. */
@QuarkusTest
class LimitsTest {

    static HttpsFileServer audio;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Inject
    JobProcessor processor;

    @Inject
    JobLifecycle lifecycle;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start().serve("/two.wav", TestAudio.wav(2, 16000), "audio/wav");
    }

    @AfterAll
    static void stopAudio() {
        audio.close();
    }

    static String body(String orgId) {
        return """
                {"organization_id": "%s",
                 "transcription_options": {"language": "en", "audio_url": "%s"}}""".formatted(orgId, audio.url("/two.wav"));
    }

    static ExtractableResponse<Response> submit(Customer customer) {
        return given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(body(customer.organizationId()))
                .post("/v1/audio/transcribe").then().extract();
    }

    static void setLimits(String orgId, Integer maxConcurrentJobs, Integer submitsPerMinute) {
        Map<String, Object> limits = new HashMap<>();
        limits.put("max_concurrent_jobs", maxConcurrentJobs);
        limits.put("submits_per_minute", submitsPerMinute);
        given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON).body(limits)
                .put("/v1/admin/organizations/" + orgId + "/limits").then().statusCode(200);
    }

    @Test
    void operatorSetsAndResetsLimitsAndBadValuesAreRefused() {
        Customer customer = Customers.create(0);
        String org = "/v1/admin/organizations/" + customer.organizationId();
        given().header("Authorization", Customers.ADMIN).get(org).then().statusCode(200)
                .body("data.limits.max_concurrent_jobs", equalTo(4)).body("data.limits.submits_per_minute", equalTo(600))
                .body("data.limits.max_concurrent_jobs_is_default", equalTo(true));
        given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON)
                .body("{\"max_concurrent_jobs\": 2, \"submits_per_minute\": 30}").put(org + "/limits").then().statusCode(200)
                .body("data.limits.max_concurrent_jobs", equalTo(2)).body("data.limits.submits_per_minute", equalTo(30))
                .body("data.limits.submits_per_minute_is_default", equalTo(false));
        assertEquals(2, db.number("select max_concurrent_jobs from organizations where id = ?", customer.organizationId()));

        for (String[] bad : new String[][] {
                {"{\"max_concurrent_jobs\": 0}", "invalid_max_concurrent_jobs"},
                {"{\"submits_per_minute\": -5}", "invalid_submits_per_minute"},
                {"{\"max_concurrent_jobs\": \"2\"}", "invalid_type"},
                {"{\"max_concurent_jobs\": 2}", "unknown_field"}}) {
            given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON).body(bad[0]).put(org + "/limits")
                    .then().statusCode(400).body("error.code", equalTo(bad[1]));
        }
        // refused values changed nothing
        assertEquals(30, db.number("select submits_per_minute from organizations where id = ?", customer.organizationId()));
        given().contentType(ContentType.JSON).body("{}").put(org + "/limits").then().statusCode(401);
        given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON).body("{}")
                .put("/v1/admin/organizations/org_missing/limits").then().statusCode(404)
                .body("error.code", equalTo("organization_not_found"));

        // null (here: absent) goes back to the default
        given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON).body("{}").put(org + "/limits")
                .then().statusCode(200).body("data.limits.max_concurrent_jobs", equalTo(4))
                .body("data.limits.max_concurrent_jobs_is_default", equalTo(true));
    }

    @Test
    void submitsBeyondTheOrganisationsRateAre429WithRetryAfterAndChargeNothing() throws Exception {
        // a minute's window must not roll over in the middle of the test
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 45) {
            Thread.sleep((61 - second) * 1000);
        }
        Customer limited = Customers.create(100);
        Customer other = Customers.create(100);
        setLimits(limited.organizationId(), null, 2);

        assertEquals(202, submit(limited).statusCode());
        assertEquals(202, submit(limited).statusCode());
        ExtractableResponse<Response> refused = submit(limited);
        assertEquals(429, refused.statusCode(), refused.asString());
        assertEquals("rate_limited", refused.path("error.code"));
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(retryAfter, (int) refused.<Integer>path("error.details.retry_after_seconds"));
        assertEquals(2, (int) refused.<Integer>path("error.details.limit_per_minute"));
        assertNotNull(refused.header("X-Request-Id"));

        // the refused submit charged nothing and created nothing; the audio was not even fetched for it
        assertEquals(2, db.transcriptions(limited.organizationId()));
        assertEquals(100 - 2 * 2, db.balance(limited.organizationId()));
        // another organisation is not affected
        assertEquals(202, submit(other).statusCode());

        // the operator raises the limit: the next submit passes at once
        setLimits(limited.organizationId(), null, 10);
        assertEquals(202, submit(limited).statusCode());
    }

    @Test
    void anOrganisationAtItsCapWaitsQueuedWhileAnotherOrganisationsJobsProceed() throws Exception {
        queue.drain(0);
        Customer busy = Customers.create(100);
        Customer other = Customers.create(100);
        setLimits(busy.organizationId(), 1, null);
        String first = submit(busy).path("data.transcription_id");
        String second = submit(busy).path("data.transcription_id");
        String others = submit(other).path("data.transcription_id");
        assertEquals(3, queue.drain(2).size());

        // a worker is busy with the organisation's first job (its one slot)
        assertTrue(await(() -> lifecycle.claim(first)).isPresent());

        // another worker takes the second: it goes back to waiting, untouched, as a delayed message
        assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(second, busy.organizationId())));
        assertEquals("queued", db.text("select status from transcriptions where id = ?", second));
        assertEquals(0, db.number("select attempts from transcriptions where id = ?", second), "no attempt used");
        // the deferred message comes back after the defer delay (1 s in tests), not at once
        List<String> early = queue.drain(0);
        assertTrue(early.stream().noneMatch(m -> m.contains(second)), "delayed, not immediate: " + early);

        // the other organisation's job is not held up by the busy one
        assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(others, other.organizationId())));
        assertEquals("completed", db.text("select status from transcriptions where id = ?", others));

        List<String> later = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (later.stream().noneMatch(m -> m.contains(second)) && System.currentTimeMillis() < deadline) {
            later.addAll(queue.drain(1));
        }
        assertTrue(later.stream().anyMatch(m -> m.contains(second)), "the waiting job came back: " + later);

        // still at the cap: it waits again
        assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(second, busy.organizationId())));
        assertEquals("queued", db.text("select status from transcriptions where id = ?", second));

        // the first job finishes: the slot is free and the second job runs, on its first attempt
        assertEquals(true, await(() -> lifecycle.complete(first, stored("{\"text\":\"\",\"words\":[],\"utterances\":[]}"), 2.0)));
        assertEquals(MessageOutcome.ACKNOWLEDGE, processor.process(new JobMessage(second, busy.organizationId())));
        assertEquals("completed", db.text("select status from transcriptions where id = ?", second));
        assertEquals(1, db.number("select attempts from transcriptions where id = ?", second));
        queue.drain(2);
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
