package ai.synapses.transcribe.audit;

import ai.synapses.transcribe.local.EmbeddedPostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checker against a real PostgreSQL with the real schema: quiet on consistent books, and it finds
 * every kind of violation planted in them (a checker that cannot fail would be worth nothing).
 */
class InvariantCheckTest {

    private static String url;

    @BeforeAll
    static void database() throws SQLException {
        int port = EmbeddedPostgresServer.start(0, null);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres");
             Statement st = c.createStatement()) {
            st.execute("drop database if exists invariant_check");
            st.execute("create database invariant_check");
        }
        url = "jdbc:postgresql://127.0.0.1:" + port + "/invariant_check";
    }

    @BeforeEach
    void freshSchema() {
        Flyway flyway = Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration")
                .cleanDisabled(false).load();
        flyway.clean();
        flyway.migrate();
    }

    @Test
    void consistentBooksPass() throws SQLException {
        try (Connection c = connect()) {
            books(c);
            InvariantCheck.Report report = InvariantCheck.run(c);
            assertTrue(report.holds(), report.violations().toString());
            assertEquals(8, report.results().size());
            assertEquals(5, report.results().get(1).checked(), "every transcription was looked at");
            String printed = print(report);
            assertTrue(printed.contains("[ok]") && printed.contains("all invariants hold"), printed);
        }
    }

    @Test
    void everyPlantedViolationIsFound() throws SQLException {
        try (Connection c = connect()) {
            books(c);
            sql(c, "update organizations set balance = balance + 7 where id = 'org_a'");
            // a transcription without its debit
            job(c, "trans_nodebit", "queued", 10, 0, "now()", null, null);
            // a debit of the wrong amount
            sql(c, "update organizations set balance = balance + 1 where id = 'org_a'");
            sql(c, "update ledger_entries set amount = -4 where id = 'txn_d_trans_failed'");
            // the checker must not lean on the schema's unique indexes: an operator's manual fix may have dropped them
            sql(c, "drop index ledger_one_debit_per_transcription");
            sql(c, "drop index ledger_one_refund_per_transcription");
            // a second debit on the completed job, a second refund on the cancelled one
            sql(c, "update organizations set balance = balance - 1 where id = 'org_a'");
            sql(c, "update organizations set balance = balance + 3 where id = 'org_a'");
            sql(c, "insert into ledger_entries (id, organization_id, kind, amount, balance_after, transcription_id)"
                    + " values ('txn_again', 'org_a', 'refund', 3, 0, 'trans_cancelled')");
            sql(c, "insert into ledger_entries (id, organization_id, kind, amount, balance_after, transcription_id)"
                    + " values ('txn_second', 'org_a', 'debit', -1, 0, 'trans_done')");
            // a refund above the debit, while the job shows less
            sql(c, "update organizations set balance = balance + 50 where id = 'org_a'");
            sql(c, "insert into ledger_entries (id, organization_id, kind, amount, balance_after, transcription_id)"
                    + " values ('txn_toomuch', 'org_a', 'refund', 50, 0, 'trans_queued')");
            // a failed job nobody refunded
            job(c, "trans_unrefunded", "failed", 4, 0, "now()", "now()", null);
            debit(c, "trans_unrefunded", 4);
            // stranded: unsent for an hour, sent a week ago and never claimed, processing for a day
            job(c, "trans_unsent", "queued", 2, 0, "now() - interval '1 hour'", null, null);
            debit(c, "trans_unsent", 2);
            job(c, "trans_lost", "queued", 2, 0, "now() - interval '7 days'", null, "now() - interval '7 days'");
            debit(c, "trans_lost", 2);
            job(c, "trans_stuck", "processing", 2, 0, "now() - interval '1 day'", null, "now() - interval '1 day'");
            debit(c, "trans_stuck", 2);
            sql(c, "update transcriptions set started_at = now() - interval '1 day' where id = 'trans_stuck'");
            // charged and queued, its message dead-lettered: re-sent twice already, and nobody failed it since
            job(c, "trans_deadlettered", "queued", 3, 0, "now() - interval '2 days'", null, "now() - interval '30 hours'");
            debit(c, "trans_deadlettered", 3);
            sql(c, "update transcriptions set requeues = 2, updated_at = now() - interval '30 hours' where id = 'trans_deadlettered'");
            // a webhook attempt claimed without its row in the delivery log, and one in flight an hour past its lease
            sql(c, "drop index webhook_deliveries_one_per_attempt");
            webhook(c, "msg_unlogged", "trans_failed", "failed", 2, null);
            attempt(c, "msg_unlogged", 1, "retrying");
            webhook(c, "msg_abandoned", "trans_cancelled", "pending", 1, "now() - interval '1 hour'");
            attempt(c, "msg_abandoned", 1, "in_flight");

            InvariantCheck.Report report = InvariantCheck.run(c, new InvariantCheck.Limits(
                    Duration.ofMinutes(15), Duration.ofHours(24), Duration.ofHours(2)));
            assertFalse(report.holds());
            List<String> v = report.violations();
            assertFound(v, "balance equals", "org_a: balance");
            assertFound(v, "exactly one debit", "trans_nodebit: 0 debit(s)");
            assertFound(v, "exactly one debit", "trans_done: 2 debit(s)");
            assertFound(v, "exactly one debit", "trans_failed: 1 debit(s) totalling 4, charged 5");
            assertFound(v, "at most one refund", "trans_cancelled: 2 refund(s) totalling 6");
            assertFound(v, "at most one refund", "trans_queued: 1 refund(s) totalling 50");
            assertFound(v, "is settled", "trans_unrefunded: failed");
            assertFound(v, "no unfinished job is refunded", "trans_queued: queued but refunded");
            assertFound(v, "path to a worker", "trans_unsent: queued and unsent");
            assertFound(v, "waits unclaimed", "trans_lost: sent to the queue");
            assertFound(v, "waits unclaimed", "trans_deadlettered: sent to the queue");
            assertFound(v, "waits unclaimed", "(2 re-send(s))");
            assertFound(v, "path to a worker", "trans_stuck: processing since");
            assertFound(v, "webhook attempt", "msg_unlogged: 2 attempt(s) claimed, 1 in the delivery log");
            assertFound(v, "webhook attempt", "msg_abandoned: attempt 1 in flight, its lease ran out");
            assertTrue(v.stream().noneMatch(x -> x.contains("msg_done")), "the delivered webhook is consistent: " + v);
            assertTrue(print(report).contains("[FAIL]"));
        }
    }

    @Test
    void surchargesCountTowardsTheChargeAndAreChecked() throws SQLException {
        try (Connection c = connect()) {
            books(c);
            // a job the worker surcharged: 2 debited at submit, 11 more for the longer audio it decoded
            job(c, "trans_surcharged", "completed", 13, 0, "now()", "now()", "now()");
            sql(c, "update transcriptions set synapses_surcharged = 11 where id = 'trans_surcharged'");
            debit(c, "trans_surcharged", 2);
            surcharge(c, "txn_s_trans_surcharged", "trans_surcharged", 11);
            InvariantCheck.Report consistent = InvariantCheck.run(c);
            assertTrue(consistent.holds(), consistent.violations().toString());

            // a surcharge the job does not show, and (the unique index dropped) a second one
            job(c, "trans_hidden", "processing", 2, 0, "now()", null, "now()");
            sql(c, "update transcriptions set started_at = now() where id = 'trans_hidden'");
            debit(c, "trans_hidden", 2);
            surcharge(c, "txn_s_trans_hidden", "trans_hidden", 5);
            sql(c, "drop index ledger_one_surcharge_per_transcription");
            surcharge(c, "txn_s_again", "trans_surcharged", 1);
            // shown as surcharged, but never charged
            job(c, "trans_claimed", "completed", 4, 0, "now()", "now()", "now()");
            sql(c, "update transcriptions set synapses_surcharged = 2 where id = 'trans_claimed'");
            debit(c, "trans_claimed", 2);

            List<String> v = InvariantCheck.run(c).violations();
            assertFound(v, "at most one surcharge", "trans_hidden: 1 debit(s) totalling 2, 1 surcharge(s) totalling 5"
                    + " (shown as surcharged 0), charged 2");
            assertFound(v, "at most one surcharge", "trans_surcharged: 1 debit(s) totalling 2, 2 surcharge(s) totalling 12");
            assertFound(v, "at most one surcharge", "trans_claimed: 1 debit(s) totalling 2, 0 surcharge(s) totalling 0"
                    + " (shown as surcharged 2), charged 4");
            assertEquals(3, v.stream().filter(violation -> violation.contains("at most one surcharge")).count(), v.toString());
        }
    }

    @Test
    void recentJobsOnTheirWayAreNotStranded() throws SQLException {
        try (Connection c = connect()) {
            books(c);
            job(c, "trans_fresh", "queued", 2, 0, "now() - interval '1 minute'", null, null);
            debit(c, "trans_fresh", 2);
            // a webhook attempt under way, and one whose lease ran out seconds ago (the sweeper is on its way)
            webhook(c, "msg_sending", "trans_failed", "pending", 1, "now() + interval '40 seconds'");
            attempt(c, "msg_sending", 1, "in_flight");
            webhook(c, "msg_just_expired", "trans_cancelled", "pending", 1, "now() - interval '5 seconds'");
            attempt(c, "msg_just_expired", 1, "in_flight");
            InvariantCheck.Report report = InvariantCheck.run(c);
            assertTrue(report.holds(), report.violations().toString());
            // with a tighter limit the same job is stranded
            InvariantCheck.Report strict = InvariantCheck.run(c, new InvariantCheck.Limits(
                    Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofHours(1)));
            assertEquals(List.of("no job is queued or processing without a path to a worker: trans_fresh"),
                    strict.violations().stream().map(s -> s.substring(0, s.indexOf(": queued") < 0 ? s.length() : s.indexOf(": queued")))
                            .toList());
        }
    }

    @Test
    void aJobAWorkerPutBackIsNotUnclaimed() throws SQLException {
        try (Connection c = connect()) {
            books(c);
            // sent five hours ago; a worker claimed it and, at fault, put it back ten minutes ago: its message
            // comes back after the queue's visibility time-out
            job(c, "trans_released", "queued", 2, 0, "now() - interval '5 hours'", null, "now() - interval '5 hours'");
            debit(c, "trans_released", 2);
            sql(c, "update transcriptions set updated_at = now() - interval '10 minutes' where id = 'trans_released'");
            InvariantCheck.Report report = InvariantCheck.run(c);
            assertTrue(report.holds(), report.violations().toString());
            assertEquals(2, report.results().get(6).checked(), "both queued and sent jobs were looked at");
            // left alone for longer than the limit, the same job is stranded
            sql(c, "update transcriptions set updated_at = now() - interval '4 hours' where id = 'trans_released'");
            assertEquals(List.of("no charged job waits unclaimed in the queue: trans_released"),
                    InvariantCheck.run(c).violations().stream().map(v -> v.substring(0, v.indexOf(": sent"))).toList());
        }
    }

    @Test
    void argumentsAreParsed() {
        InvariantCheck.Limits limits = InvariantCheck.parse(new String[] {"--unsent-limit=90s", "--processing-limit=3h"});
        assertEquals(Duration.ofSeconds(90), limits.unsent());
        assertEquals(Duration.ofHours(3), limits.sent());
        assertEquals(Duration.ofHours(3), limits.processing());
    }

    /** Consistent books: a credit of 100 and five jobs, one in each state, each settled as the service would. */
    private static void books(Connection c) throws SQLException {
        sql(c, "insert into organizations (id, name, balance) values ('org_a', 'A', 0)");
        sql(c, "update organizations set balance = 100 where id = 'org_a'");
        sql(c, "insert into ledger_entries (id, organization_id, kind, amount, balance_after, reference)"
                + " values ('txn_credit', 'org_a', 'credit', 100, 100, 'top-up')");
        job(c, "trans_queued", "queued", 10, 0, "now()", null, "now()");
        debit(c, "trans_queued", 10);
        job(c, "trans_done", "completed", 10, 2, "now()", "now()", "now()");
        debit(c, "trans_done", 10);
        refund(c, "trans_done", 2);
        job(c, "trans_failed", "failed", 5, 5, "now()", "now()", "now()");
        debit(c, "trans_failed", 5);
        refund(c, "trans_failed", 5);
        job(c, "trans_cancelled", "cancelled", 3, 3, "now()", "now()", null);
        debit(c, "trans_cancelled", 3);
        refund(c, "trans_cancelled", 3);
        job(c, "trans_running", "processing", 4, 0, "now()", null, "now()");
        debit(c, "trans_running", 4);
        sql(c, "update transcriptions set started_at = now() where id = 'trans_running'");
        webhook(c, "msg_done", "trans_done", "delivered", 2, null);
        attempt(c, "msg_done", 1, "retrying");
        attempt(c, "msg_done", 2, "delivered");
    }

    private static void webhook(Connection c, String id, String transcription, String state, int attempts, String leasedUntil)
            throws SQLException {
        String event = transcription.equals("trans_done") ? "transcription.completed" : "transcription.failed";
        sql(c, "insert into webhook_messages (id, transcription_id, organization_id, event_type, url, payload, state, attempts,"
                + " schedule_step, next_attempt_at, leased_until) values ('" + id + "', '" + transcription + "', 'org_a', '"
                + event + "', 'https://example.com/hook', '{}', '" + state + "', " + attempts + ", " + attempts + ", now(), "
                + leasedUntil + ")");
    }

    private static void attempt(Connection c, String messageId, int attempt, String outcome) throws SQLException {
        sql(c, "insert into webhook_deliveries (id, message_id, transcription_id, attempt, attempted_at, url, outcome)"
                + " select 'whd_" + messageId + "_" + attempt + "', id, transcription_id, " + attempt + ", now(), url, '" + outcome
                + "' from webhook_messages where id = '" + messageId + "'");
    }

    private static void job(Connection c, String id, String status, long charged, long refunded, String createdAt,
            String completedAt, String enqueuedAt) throws SQLException {
        sql(c, "insert into transcriptions (id, organization_id, status, model_key, language, priority, audio_url, options,"
                + " audio_metadata, synapses_charged, synapses_refunded, multiplier_base, multiplier_org, multiplier_priority,"
                + " transaction_id, created_at, updated_at, completed_at, enqueued_at) values ('" + id + "', 'org_a', '" + status
                + "', 'fvt-1', 'en', 'normal', 'https://example.com/a.wav', '{}', '{}', " + charged + ", " + refunded
                + ", 1, 1, 1, 'txn_" + id + "', " + createdAt + ", " + createdAt + ", " + completedAt + ", " + enqueuedAt + ")");
    }

    private static void debit(Connection c, String id, long amount) throws SQLException {
        sql(c, "update organizations set balance = balance - " + amount + " where id = 'org_a'");
        sql(c, "insert into ledger_entries (id, organization_id, kind, amount, balance_after, transcription_id)"
                + " select 'txn_d_" + id + "', 'org_a', 'debit', -" + amount + ", balance, '" + id + "' from organizations where id = 'org_a'");
    }

    private static void refund(Connection c, String id, long amount) throws SQLException {
        sql(c, "update organizations set balance = balance + " + amount + " where id = 'org_a'");
        sql(c, "insert into ledger_entries (id, organization_id, kind, amount, balance_after, transcription_id)"
                + " select 'txn_r_" + id + "', 'org_a', 'refund', " + amount + ", balance, '" + id + "' from organizations where id = 'org_a'");
    }

    private static void surcharge(Connection c, String ledgerId, String id, long amount) throws SQLException {
        sql(c, "update organizations set balance = balance - " + amount + " where id = 'org_a'");
        sql(c, "insert into ledger_entries (id, organization_id, kind, amount, balance_after, transcription_id)"
                + " select '" + ledgerId + "', 'org_a', 'surcharge', -" + amount + ", balance, '" + id + "' from organizations where id = 'org_a'");
    }

    private static void assertFound(List<String> violations, String invariant, String detail) {
        assertTrue(violations.stream().anyMatch(v -> v.contains(invariant) && v.contains(detail)),
                "expected a violation of '" + invariant + "' about '" + detail + "' in " + violations);
    }

    private static String print(InvariantCheck.Report report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void sql(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "postgres");
    }
}
