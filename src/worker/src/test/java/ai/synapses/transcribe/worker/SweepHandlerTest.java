package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.audit.InvariantCheck;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.organization.Organization;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static ai.synapses.transcribe.queue.Blocking.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void onePassDoesEveryCleanUpTheContainerBuildDoesOnTimers() throws Throwable {
        Organization org = jobs.fundedOrganization("Sweeper test", 100);
        TranscriptionJob stuck = jobs.submit(org.id, audio.url("/tone.wav"));
        TranscriptionJob unsent = jobs.submit(org.id, audio.url("/tone.wav"));
        TranscriptionJob deadLettered = jobs.submit(org.id, audio.url("/tone.wav"));
        TranscriptionJob abandoned = jobs.submit(org.id, audio.url("/tone.wav"));
        long charged = stuck.synapsesCharged + unsent.synapsesCharged + deadLettered.synapsesCharged + abandoned.synapsesCharged;
        // a worker died two hours into the first job; the queue never took the second one
        update("update transcriptions set status = 'processing', attempts = 1, started_at = now() - interval '2 hours',"
                + " created_at = now() - interval '3 hours' where id = ?", stuck.id);
        update("update transcriptions set enqueued_at = null, created_at = now() - interval '1 minute' where id = ?", unsent.id);
        // the third's message went to the dead-letter queue three hours ago; the fourth's too, and it was already
        // sent again as often as it may be
        update("update transcriptions set enqueued_at = now() - interval '3 hours', updated_at = now() - interval '3 hours',"
                + " created_at = now() - interval '3 hours' where id = ?", deadLettered.id);
        update("update transcriptions set enqueued_at = now() - interval '3 hours', updated_at = now() - interval '3 hours',"
                + " created_at = now() - interval '9 hours', requeues = 2 where id = ?", abandoned.id);
        // the job-completion worker committed a webhook event, then died before the queue took it
        update("insert into webhook_messages (id, transcription_id, organization_id, event_type, url, payload, state,"
                + " next_attempt_at) values ('msg_sweeptest', ?, ?, 'transcription.completed', 'https://127.0.0.1:1/hook', '{}',"
                + " 'pending', now() - interval '10 minutes')", stuck.id, org.id);
        update("insert into idempotency_keys (organization_id, key, request_hash, locked_until, expires_at)"
                + " values (?, 'old-key', 'h', now() - interval '25 hours', now() - interval '1 hour')", org.id);
        update("insert into idempotency_keys (organization_id, key, request_hash, locked_until, expires_at)"
                + " values (?, 'fresh-key', 'h', now(), now() + interval '23 hours')", org.id);
        // rate-limit counters: this minute's, and two of a past hour (in place of those the submits above made)
        update("delete from submit_rate_windows where organization_id = ?", org.id);
        update("insert into submit_rate_windows (organization_id, window_start, submits) values"
                + " (?, date_trunc('minute', now()), 3), (?, date_trunc('minute', now()) - interval '1 hour', 7),"
                + " (?, date_trunc('minute', now()) - interval '59 minutes', 1)", org.id, org.id, org.id);

        JsonNode report = json.readTree(given().contentType("application/json").body(SCHEDULER_EVENT).post()
                .then().statusCode(200).extract().asString());
        assertEquals(1, report.path("stuck_jobs_recovered").asInt(), report.toString());
        assertEquals(1, report.path("unclaimed_jobs_requeued").asInt(), report.toString());
        assertEquals(1, report.path("unclaimed_jobs_failed").asInt(), report.toString());
        assertEquals(3, report.path("unsent_jobs_sent").asInt(), report.toString());
        assertEquals(1, report.path("webhooks_sent").asInt(), report.toString());
        assertNotNull(text("select enqueued_at::text from webhook_messages where id = ?", "msg_sweeptest"), "the webhook queue took it");
        assertEquals(1, report.path("idempotency_keys_purged").asInt(), report.toString());
        assertEquals(2, report.path("rate_limit_windows_purged").asInt(), report.toString());
        assertEquals("2026-11-26T10:00:00Z", report.path("scheduled_time").asText());

        for (String id : new String[] {stuck.id, unsent.id, deadLettered.id}) {
            assertEquals("queued", text("select status from transcriptions where id = ?", id));
            assertNotNull(text("select enqueued_at::text from transcriptions where id = ?", id), "queue took " + id);
        }
        assertEquals("1", text("select requeues::text from transcriptions where id = ?", deadLettered.id));
        assertEquals("failed queue_timeout", text("select status || ' ' || error_code from transcriptions where id = ?", abandoned.id));
        assertEquals(Long.toString(100 - charged + abandoned.synapsesCharged), text("select balance::text from organizations where id = ?", org.id),
                "the abandoned job was refunded in full");
        assertEquals("fresh-key", text("select string_agg(key, ',') from idempotency_keys where organization_id = ?", org.id));
        assertEquals("3", text("select string_agg(submits::text, ',') from submit_rate_windows where organization_id = ?", org.id),
                "only this minute's counter is left");

        // a second pass finds nothing left to do
        JsonNode again = json.readTree(given().contentType("application/json").body("{}").post()
                .then().statusCode(200).extract().asString());
        int work = 0;
        for (String field : new String[] {"stuck_jobs_recovered", "unclaimed_jobs_requeued", "unclaimed_jobs_failed",
                "unsent_jobs_sent", "webhooks_sent", "idempotency_keys_purged", "rate_limit_windows_purged"}) {
            work += again.path(field).asInt();
        }
        assertEquals(0, work, again.toString());
        assertEquals("1", text("select count(*)::text from ledger_entries where transcription_id = ? and kind = 'refund'", abandoned.id));
        try (Connection c = database.getConnection()) {
            InvariantCheck.Report invariants = InvariantCheck.run(c);
            invariants.print(System.out);
            assertTrue(invariants.holds(), invariants.violations().toString());
        }
    }

    /**
     * Whatever the domain and the engine run on a timer in a long-running process, this function runs too: each
     * bean with a {@code @Scheduled} method is one of the handler's steps. A new timer without a step fails here.
     */
    @Test
    void everyTimerOfTheContainerBuildIsAStepOfTheSweep() {
        Set<Class<?>> timed = new TreeSet<>(Comparator.comparing(Class::getName));
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            if (type.getName().startsWith("ai.synapses.") && Arrays.stream(type.getDeclaredMethods())
                    .anyMatch(m -> m.isAnnotationPresent(Scheduled.class) || m.isAnnotationPresent(Scheduled.Schedules.class))) {
                timed.add(type);
            }
        }
        assertTrue(timed.size() >= 6, "the timers were found: " + timed);
        Set<Class<?>> steps = Set.of(SweepHandler.class.getConstructors()[0].getParameterTypes());
        assertEquals(Set.of(), timed.stream().filter(type -> !steps.contains(type)).collect(Collectors.toSet()),
                "beans with timers that the sweeper function does not run");
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
}
