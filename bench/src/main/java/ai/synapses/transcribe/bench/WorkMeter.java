package ai.synapses.transcribe.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The work a phase caused over its measured window, counted outside the process doing it: database
 * transactions ({@code xact_commit + xact_rollback} of the database in {@code pg_stat_database}), rows
 * written ({@code n_tup_ins + n_tup_upd + n_tup_del} of {@code pg_stat_user_tables}, in all and per table)
 * and queue calls (a count the phase supplies). A snapshot when the window opens, one when the load ends;
 * the report divides the differences by the operations counted in the window.
 *
 * <p>Every submit statement runs in autocommit, so transactions are statements for the service and for the
 * floor's single statement. PostgreSQL publishes a backend's counters when it goes idle, at most about once
 * a second, so both snapshots miss up to a second of work: the figures are exact to about a second's work of
 * the window (with 30 s, a few percent). The sampler of pg_stat_activity (one query a second) counts too.
 */
final class WorkMeter implements AutoCloseable {

    /** Counters at one instant; {@code queueCalls} -1 when unknown. */
    record Snapshot(long transactions, Map<String, Long> rowsByTable, long queueCalls) {
    }

    private static final String TRANSACTIONS = "select xact_commit + xact_rollback from pg_stat_database where datname = current_database()";
    private static final String ROWS = "select relname, n_tup_ins + n_tup_upd + n_tup_del from pg_stat_user_tables";

    private final Connection connection;
    private final LongSupplier queueCalls;
    private Snapshot first;

    /** @param queueCalls the queue calls made so far, -1 when they cannot be known */
    WorkMeter(State state, LongSupplier queueCalls) throws SQLException {
        this.connection = DriverManager.getConnection(state.get("pg.jdbc.url"), "postgres", "postgres");
        this.connection.setAutoCommit(true);
        this.queueCalls = queueCalls;
    }

    /** The first snapshot, when the measured window opens. */
    void begin() {
        first = snapshot();
    }

    /**
     * The second snapshot, and the differences into {@code result}: {@code work.transactions}, {@code work.rows},
     * {@code work.rows.TABLE}, {@code work.queue_calls} (-1: unknown) and {@code work.cpu_cores}, the cores of the
     * process that does the phase's work (the API, or the floor's clients).
     */
    void end(State result, double cpuCores) {
        Snapshot last = snapshot();
        if (first == null) {
            throw new IllegalStateException("the measured window never opened");
        }
        long rows = 0;
        for (Map.Entry<String, Long> table : last.rowsByTable().entrySet()) {
            long written = table.getValue() - first.rowsByTable().getOrDefault(table.getKey(), 0L);
            rows += written;
            if (written != 0) {
                result.put("work.rows." + table.getKey(), written);
            }
        }
        long queue = last.queueCalls() < 0 || first.queueCalls() < 0 ? -1 : last.queueCalls() - first.queueCalls();
        result.put("work.transactions", last.transactions() - first.transactions())
                .put("work.rows", rows)
                .put("work.queue_calls", queue)
                .put("work.cpu_cores", cpuCores)
                .save();
    }

    private Snapshot snapshot() {
        long calls = queueCalls.getAsLong();
        try (Statement statement = connection.createStatement()) {
            long transactions;
            try (ResultSet row = statement.executeQuery(TRANSACTIONS)) {
                row.next();
                transactions = row.getLong(1);
            }
            Map<String, Long> rows = new TreeMap<>();
            try (ResultSet tables = statement.executeQuery(ROWS)) {
                while (tables.next()) {
                    rows.put(tables.getString(1), tables.getLong(2));
                }
            }
            return new Snapshot(transactions, rows, calls);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read PostgreSQL's statistics: " + e.getMessage(), e);
        }
    }

    /**
     * The API's queue calls: the sum of the {@code transcribe_queue_calls_total} series of its Prometheus text
     * ({@code /q/metrics}); -1 when the counter is not there or the endpoint does not answer.
     */
    static LongSupplier prometheusCounter(String metricsUrl, String metric) {
        HttpClient http = Clients.http();
        HttpRequest request = HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(5)).GET().build();
        return () -> {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 ? sum(response.body(), metric) : -1;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
        };
    }

    /** The sum of a counter's samples in Prometheus text, whatever their labels; -1 when it has none. */
    static long sum(String text, String metric) {
        double total = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (!line.startsWith(metric)) {
                continue;
            }
            String rest = line.substring(metric.length());
            if (!rest.startsWith("{") && !rest.startsWith(" ")) {
                continue; // another metric whose name starts the same
            }
            String sample = rest.startsWith("{") ? rest.substring(rest.lastIndexOf('}') + 1).trim() : rest.trim();
            String value = sample.split("\\s+")[0];
            try {
                total += Double.parseDouble(value);
                found = true;
            } catch (NumberFormatException ignored) {
                // not a sample line
            }
        }
        return found ? Math.round(total) : -1;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the stack goes away with the script
        }
    }
}
