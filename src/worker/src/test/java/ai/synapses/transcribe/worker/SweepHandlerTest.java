package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.organization.Organization;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The scheduled sweeper function (handler {@code sweep}), fed the event EventBridge Scheduler sends
 * (template.yaml's schedule Input with its context attributes filled in) through Quarkus' mock event
 * server, over the real database and ElasticMQ.
 */
@QuarkusTest
@TestProfile(SweepHandlerTest.SweeperFunction.class)
class SweepHandlerTest {

    /** The same package as the worker, started as the sweeper function (QUARKUS_LAMBDA_HANDLER=sweep in template.yaml). */
    public static class SweeperFunction implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.lambda.handler", "sweep");
        }
    }

    static HttpsFileServer audio;

    @Inject
    TestJobs jobs;

    @Inject
    AgroalDataSource database;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void serveAudio() throws java.io.IOException {
        audio = HttpsFileServer.start().serve("/tone.wav", WorkerFixtures.tone(2), "audio/wav");
    }

    @AfterAll
    static void stopAudio() {
        audio.close();
    }

    /** As the scheduler delivers it: the template's Input with <aws.scheduler.*> replaced. */
    static final String SCHEDULER_EVENT = """
            {"schedule_arn": "arn:aws:scheduler:us-east-1:123456789012:schedule/default/transcribe-sweeper",
             "scheduled_time": "2026-11-26T10:00:00Z",
             "execution_id": "d6b4a9a2-3c9f-4cf4-9d0b-7e8f1c2a3b4d",
             "attempt_number": "1"}""";

    @Test
    void onePassRecoversStuckJobsSendsUnsentOnesAndPurgesExpiredKeys() throws Throwable {
        Organization org = jobs.fundedOrganization("Sweeper test", 100);
        TranscriptionJob stuck = jobs.submit(org.id, audio.url("/tone.wav"));
        TranscriptionJob unsent = jobs.submit(org.id, audio.url("/tone.wav"));
        // a worker died two hours into the first job; the queue never took the second one
        update("update transcriptions set status = 'processing', attempts = 1, started_at = now() - interval '2 hours',"
                + " created_at = now() - interval '3 hours' where id = ?", stuck.id);
        update("update transcriptions set enqueued_at = null, created_at = now() - interval '1 minute' where id = ?", unsent.id);
        // the job-completion worker committed a webhook event, then died before the queue took it
        update("insert into webhook_messages (id, transcription_id, organization_id, event_type, url, payload, state,"
                + " next_attempt_at) values ('msg_sweeptest', ?, ?, 'transcription.completed', 'https://127.0.0.1:1/hook', '{}',"
                + " 'pending', now() - interval '10 minutes')", stuck.id, org.id);
        update("insert into idempotency_keys (organization_id, key, request_hash, locked_until, expires_at)"
                + " values (?, 'old-key', 'h', now() - interval '25 hours', now() - interval '1 hour')", org.id);
        update("insert into idempotency_keys (organization_id, key, request_hash, locked_until, expires_at)"
                + " values (?, 'fresh-key', 'h', now(), now() + interval '23 hours')", org.id);

        JsonNode report = json.readTree(given().contentType("application/json").body(SCHEDULER_EVENT).post()
                .then().statusCode(200).extract().asString());
        assertEquals(1, report.path("stuck_jobs_recovered").asInt(), report.toString());
        assertEquals(2, report.path("unsent_jobs_sent").asInt(), report.toString());
        assertEquals(1, report.path("webhooks_sent").asInt(), report.toString());
        assertNotNull(text("select enqueued_at::text from webhook_messages where id = ?", "msg_sweeptest"), "the webhook queue took it");
        assertEquals(1, report.path("idempotency_keys_purged").asInt(), report.toString());
        assertEquals("2026-11-26T10:00:00Z", report.path("scheduled_time").asText());

        for (String id : new String[] {stuck.id, unsent.id}) {
            assertEquals("queued", text("select status from transcriptions where id = ?", id));
            assertNotNull(text("select enqueued_at::text from transcriptions where id = ?", id), "queue took " + id);
        }
        assertEquals("fresh-key", text("select string_agg(key, ',') from idempotency_keys where organization_id = ?", org.id));

        // a second pass finds nothing left to do
        JsonNode again = json.readTree(given().contentType("application/json").body("{}").post()
                .then().statusCode(200).extract().asString());
        assertEquals(0, again.path("stuck_jobs_recovered").asInt() + again.path("unsent_jobs_sent").asInt()
                + again.path("webhooks_sent").asInt() + again.path("idempotency_keys_purged").asInt(), again.toString());
    }

    private void update(String sql, String... params) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }

    private String text(String sql, String param) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private static <T> T await(Supplier<io.smallrye.mutiny.Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
