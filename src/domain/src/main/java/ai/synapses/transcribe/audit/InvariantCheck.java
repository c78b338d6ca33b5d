package ai.synapses.transcribe.audit;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The billing, queueing and webhook-attempt invariants, checked in the database with plain SQL: for operators (run it
 * against production with the standard {@code QUARKUS_DATASOURCE_*} variables; see the README) and for
 * the fault-injection tests, which end with it. Read-only: one repeatable-read transaction, so the
 * figures are one consistent snapshot even while the service runs.
 *
 * <p>A plain {@code main} over JDBC rather than a Quarkus command: it must run where the service cannot
 * start (a broken deployment is exactly when an operator wants it), and it needs nothing but the driver.
 */
public final class InvariantCheck {

    /**
     * How long a job may wait in each state before the check calls it stranded. {@code sent}: since its last send
     * (or since a worker last put it back), unclaimed; the unclaimed-job sweeper acts after
     * {@code transcribe.queue.pickup-timeout} (2 h), so the default leaves it an hour. {@code unsent} is also how
     * long a webhook attempt may stay unresolved past its lease (both mean a sweeper is not running).
     */
    public record Limits(Duration unsent, Duration sent, Duration processing) {
        public static final Limits DEFAULT = new Limits(Duration.ofMinutes(15), Duration.ofHours(3), Duration.ofHours(2));
    }

    /** One invariant: what it says, how many rows it looked at, and every row that breaks it. */
    public record Result(String invariant, long checked, List<String> violations) {
        public boolean holds() {
            return violations.isEmpty();
        }
    }

    public record Report(List<Result> results) {
        public List<String> violations() {
            return results.stream().flatMap(r -> r.violations().stream().map(v -> r.invariant() + ": " + v)).toList();
        }

        public boolean holds() {
            return results.stream().allMatch(Result::holds);
        }

        public void print(PrintStream out) {
            for (Result r : results) {
                out.printf(Locale.ROOT, "%-6s %s (%d checked)%n", r.holds() ? "[ok]" : "[FAIL]", r.invariant(), r.checked());
                r.violations().forEach(v -> out.println("         " + v));
            }
            long count = results.stream().mapToLong(r -> r.violations().size()).sum();
            out.println(count == 0 ? "all invariants hold" : count + " violation(s)");
        }
    }

    private InvariantCheck() {
    }

    /** Exit status 0: all hold; 1: violations (each printed); 2: could not check. */
    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String url = env.getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", "");
        if (url.isBlank()) {
            System.err.println("set QUARKUS_DATASOURCE_JDBC_URL (and QUARKUS_DATASOURCE_USERNAME, QUARKUS_DATASOURCE_PASSWORD)");
            System.exit(2);
        }
        Limits limits;
        try {
            limits = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: InvariantCheck [--unsent-limit=15m] [--sent-limit=3h] [--processing-limit=2h]");
            System.exit(2);
            return;
        }
        try (Connection c = DriverManager.getConnection(url, env.get("QUARKUS_DATASOURCE_USERNAME"),
                env.get("QUARKUS_DATASOURCE_PASSWORD"))) {
            System.out.println("invariant check of " + url.replaceAll("password=[^&]*", "password=***"));
            Report report = run(c, limits);
            report.print(System.out);
            System.exit(report.holds() ? 0 : 1);
        } catch (SQLException e) {
            System.err.println("could not check: " + e.getMessage());
            System.exit(2);
        }
    }

    public static Report run(Connection connection) throws SQLException {
        return run(connection, Limits.DEFAULT);
    }

    public static Report run(Connection connection, Limits limits) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            List<Result> results = new ArrayList<>();
            long organizations = count(connection, "select count(*) from organizations");
            long transcriptions = count(connection, "select count(*) from transcriptions");
            results.add(check(connection, "every organisation's balance equals the sum of its ledger", organizations, """
                    select o.id || ': balance ' || o.balance || ', ledger sum ' || coalesce(sum(l.amount), 0)
                      from organizations o left join ledger_entries l on l.organization_id = o.id
                     group by o.id, o.balance having o.balance <> coalesce(sum(l.amount), 0) order by o.id"""));
            results.add(check(connection, "every transcription has exactly one debit and at most one surcharge, which"
                    + " together are its charge, and the surcharge it shows is the one in the ledger", transcriptions, """
                    select t.id || ': ' || d.entries || ' debit(s) totalling ' || d.total
                           || case when s.entries > 0 or t.synapses_surcharged <> 0
                                   then ', ' || s.entries || ' surcharge(s) totalling ' || s.total
                                        || ' (shown as surcharged ' || t.synapses_surcharged || ')'
                                   else '' end
                           || ', charged ' || t.synapses_charged
                      from transcriptions t
                           cross join lateral (select count(*) entries, coalesce(-sum(l.amount), 0) total from ledger_entries l
                                                where l.transcription_id = t.id and l.kind = 'debit') d
                           cross join lateral (select count(*) entries, coalesce(-sum(l.amount), 0) total from ledger_entries l
                                                where l.transcription_id = t.id and l.kind = 'surcharge') s
                     where d.entries <> 1 or s.entries > 1 or d.total + s.total <> t.synapses_charged
                        or s.total <> t.synapses_surcharged
                     order by t.id"""));
            results.add(check(connection, "every transcription has at most one refund, never more than its charge,"
                    + " and the refund it shows is the one in the ledger", transcriptions, """
                    select t.id || ': ' || count(l.id) || ' refund(s) totalling ' || coalesce(sum(l.amount), 0)
                           || ', charged ' || t.synapses_charged || ', shown as refunded ' || t.synapses_refunded
                      from transcriptions t left join ledger_entries l on l.transcription_id = t.id and l.kind = 'refund'
                     group by t.id, t.synapses_charged, t.synapses_refunded
                    having count(l.id) > 1 or coalesce(sum(l.amount), 0) > t.synapses_charged
                        or coalesce(sum(l.amount), 0) <> t.synapses_refunded order by t.id"""));
            results.add(check(connection, "every completed, failed or cancelled job is settled", count(connection,
                    "select count(*) from transcriptions where status in ('completed', 'failed', 'cancelled')"), """
                    select t.id || ': ' || t.status || case
                             when t.completed_at is null then ' without a completion time'
                             else ', charged ' || t.synapses_charged || ', refunded ' || t.synapses_refunded
                                  || ' (a failed or cancelled job is refunded in full)' end
                      from transcriptions t
                     where t.status in ('completed', 'failed', 'cancelled')
                       and (t.completed_at is null
                            or (t.status in ('failed', 'cancelled') and t.synapses_refunded <> t.synapses_charged))
                     order by t.id"""));
            results.add(check(connection, "no unfinished job is refunded", count(connection,
                    "select count(*) from transcriptions where status in ('queued', 'processing')"), """
                    select t.id || ': ' || t.status || ' but refunded ' || t.synapses_refunded
                      from transcriptions t
                     where t.status in ('queued', 'processing')
                       and (t.synapses_refunded <> 0
                            or exists (select 1 from ledger_entries l where l.transcription_id = t.id and l.kind = 'refund'))
                     order by t.id"""));
            results.add(check(connection, "no job is queued or processing without a path to a worker", count(connection,
                    "select count(*) from transcriptions where status in ('queued', 'processing')"), """
                    select t.id || case
                             when t.status = 'queued'
                               then ': queued and unsent since ' || greatest(t.created_at, t.updated_at)
                                    || ' (' || t.send_attempts || ' send attempt(s), last error: '
                                    || coalesce(t.last_send_error, 'none') || '): is the unsent-job sweeper running?'
                             else ': processing since ' || t.started_at || ': is the stuck-job sweeper running?' end
                      from transcriptions t
                     where (t.status = 'queued' and t.enqueued_at is null
                              and greatest(t.created_at, t.updated_at) < now() - make_interval(secs => ?))
                        or (t.status = 'processing' and t.started_at < now() - make_interval(secs => ?))
                     order by t.id""", seconds(limits.unsent()), seconds(limits.processing())));
            // a dead-lettered or lost message leaves a charged job queued with nobody to claim it: the unclaimed-job
            // sweeper sends it again, and after its re-sends fails and refunds it
            results.add(check(connection, "no charged job waits unclaimed in the queue", count(connection,
                    "select count(*) from transcriptions where status = 'queued' and enqueued_at is not null"), """
                    select t.id || ': sent to the queue at ' || t.enqueued_at || ' (' || t.requeues
                           || ' re-send(s)), unclaimed since ' || greatest(t.enqueued_at, t.updated_at)
                           || ', charged ' || t.synapses_charged || ': is the unclaimed-job sweeper running?'
                      from transcriptions t
                     where t.status = 'queued' and t.enqueued_at is not null
                       and greatest(t.enqueued_at, t.updated_at) < now() - make_interval(secs => ?)
                     order by t.id""", seconds(limits.sent())));
            results.add(check(connection, "every claimed webhook attempt is in the delivery log, and none stays in flight"
                    + " past its lease", count(connection, "select count(*) from webhook_messages"), """
                    select m.id || ': ' || m.attempts || ' attempt(s) claimed, ' || count(d.id) || ' in the delivery log'
                      from webhook_messages m left join webhook_deliveries d on d.message_id = m.id
                     group by m.id, m.attempts having count(d.id) <> m.attempts
                    union all
                    select d.message_id || ': attempt ' || d.attempt || ' in flight' || case
                             when m.state <> 'pending' or m.attempts <> d.attempt or m.leased_until is null
                               then ' but its event (' || m.state || ', ' || m.attempts || ' attempt(s)) holds no lease for it'
                             else ', its lease ran out at ' || m.leased_until || ': is the webhook sweeper running?' end
                      from webhook_deliveries d join webhook_messages m on m.id = d.message_id
                     where d.outcome = 'in_flight'
                       and (m.state <> 'pending' or m.attempts <> d.attempt or m.leased_until is null
                            or m.leased_until < now() - make_interval(secs => ?))
                     order by 1""", seconds(limits.unsent())));
            return new Report(List.copyOf(results));
        } finally {
            connection.rollback();
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Result check(Connection c, String invariant, long checked, String violationsSql, Object... params)
            throws SQLException {
        List<String> violations = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(violationsSql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    violations.add(rs.getString(1));
                }
            }
        }
        return new Result(invariant, checked, List.copyOf(violations));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    static Limits parse(String[] args) {
        Duration unsent = Limits.DEFAULT.unsent();
        Duration sent = Limits.DEFAULT.sent();
        Duration processing = Limits.DEFAULT.processing();
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
            Duration value = duration(pair[1]);
            switch (pair[0]) {
                case "--unsent-limit" -> unsent = value;
                case "--sent-limit" -> sent = value;
                case "--processing-limit" -> processing = value;
                default -> throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        return new Limits(unsent, sent, processing);
    }

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration (e.g. 90s, 15m, 2h): " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
