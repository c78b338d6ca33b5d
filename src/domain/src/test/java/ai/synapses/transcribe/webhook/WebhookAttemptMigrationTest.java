package ai.synapses.transcribe.webhook;

import ai.synapses.transcribe.audit.InvariantCheck;
import ai.synapses.transcribe.local.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V8 on the webhook tables as the earlier versions left them, in a real PostgreSQL: attempts whose process
 * died before V8 had no row; after it every claimed attempt is in the log (lost, or in flight for the one an
 * older worker may still be making), and the events under way count their attempt in the schedule, as the
 * claim now does.
 */
class WebhookAttemptMigrationTest {

    private static String url;

    @BeforeAll
    static void database() throws SQLException {
        int port = EmbeddedPostgresServer.start(0, null);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute("drop database if exists webhook_attempt_migration");
            st.execute("create database webhook_attempt_migration");
        }
        url = "jdbc:postgresql://127.0.0.1:" + port + "/webhook_attempt_migration";
    }

    @Test
    void attemptsThatDiedBeforeAreLoggedAndTheOneUnderWayStaysInFlight() throws SQLException {
        Flyway before = Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration")
                .target("6").cleanDisabled(false).load();
        before.clean();
        before.migrate();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            sql(c, "insert into organizations (id, name, balance) values ('org_a', 'A', 0)");
            job(c, "trans_1");
            job(c, "trans_2");
            job(c, "trans_3");
            // three claims, one answer recorded; the process of the last one died an hour ago (its lease ran out)
            message(c, "msg_died", "trans_1", "pending", 3, 1, "now() - interval '1 hour'");
            row(c, "msg_died", 1, "retrying");
            // an older worker is making attempt 2 right now
            message(c, "msg_sending", "trans_2", "pending", 2, 1, "now() + interval '40 seconds'");
            row(c, "msg_sending", 1, "retrying");
            // finished before the upgrade: nothing changes
            message(c, "msg_done", "trans_3", "delivered", 2, 1, null);
            row(c, "msg_done", 1, "retrying");
            row(c, "msg_done", 2, "delivered");
        }

        Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration").load().migrate();

        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            assertEquals(List.of("1 retrying", "2 lost", "3 lost"), rows(c, "msg_died"));
            assertEquals(List.of("1 retrying", "2 in_flight"), rows(c, "msg_sending"));
            assertEquals(List.of("1 retrying", "2 delivered"), rows(c, "msg_done"));
            assertTrue(text(c, "select error from webhook_deliveries where message_id = 'msg_died' and attempt = 3")
                    .startsWith("worker_stopped:"));
            assertEquals("2", text(c, "select schedule_step from webhook_messages where id = 'msg_died'"));
            assertEquals("2", text(c, "select schedule_step from webhook_messages where id = 'msg_sending'"));
            assertEquals("1", text(c, "select schedule_step from webhook_messages where id = 'msg_done'"));
            // an older worker answering attempt 2 now cannot log it twice
            assertThrows(SQLException.class, () -> row(c, "msg_sending", 2, "delivered"));

            // the books of these jobs are not what this test is about; the webhook invariant is
            InvariantCheck.Result webhooks = InvariantCheck.run(c).results().stream()
                    .filter(r -> r.invariant().contains("webhook attempt")).findFirst().orElseThrow();
            assertEquals(3, webhooks.checked());
            assertTrue(webhooks.holds(), webhooks.violations().toString());
        }
    }

    private static void job(Connection c, String id) throws SQLException {
        sql(c, "insert into transcriptions (id, organization_id, status, model_key, language, priority, audio_url, options,"
                + " audio_metadata, synapses_charged, synapses_refunded, multiplier_base, multiplier_org, multiplier_priority,"
                + " transaction_id, created_at, updated_at, completed_at) values ('" + id + "', 'org_a', 'failed', 'fvt-1', 'en',"
                + " 'normal', 'https://example.com/a.wav', '{}', '{}', 0, 0, 1, 1, 1, 'txn_" + id + "', now(), now(), now())");
    }

    private static void message(Connection c, String id, String transcription, String state, int attempts, int step,
            String leasedUntil) throws SQLException {
        sql(c, "insert into webhook_messages (id, transcription_id, organization_id, event_type, url, payload, state, attempts,"
                + " schedule_step, next_attempt_at, leased_until, updated_at) values ('" + id + "', '" + transcription
                + "', 'org_a', 'transcription.failed', 'https://example.com/hook', '{}', '" + state + "', " + attempts + ", "
                + step + ", now(), " + leasedUntil + ", now() - interval '10 minutes')");
    }

    private static void row(Connection c, String messageId, int attempt, String outcome) throws SQLException {
        sql(c, "insert into webhook_deliveries (id, message_id, transcription_id, attempt, attempted_at, url, status_code,"
                + " latency_ms, outcome) select 'whd_" + messageId + "_" + attempt + "_" + outcome + "', id, transcription_id, "
                + attempt + ", now(), url, 500, 120, '" + outcome + "' from webhook_messages where id = '" + messageId + "'");
    }

    private static List<String> rows(Connection c, String messageId) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(
                "select attempt || ' ' || outcome from webhook_deliveries where message_id = ? order by attempt")) {
            st.setString(1, messageId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void sql(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
