package ai.synapses.transcribe.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples pg_stat_activity once a second while a phase is measured: how many client backends are
 * waiting for a lock (the organisation's row: every submit debits the same one), how many are idle
 * inside a transaction (the lock holder waiting for its client to send the next statement), how
 * many are running. Averages per sample.
 */
final class PgSampler implements AutoCloseable {

    private static final String QUERY = "select case"
            + " when wait_event_type = 'Lock' then 'waiting for a lock (' || wait_event || ')'"
            + " when state = 'idle in transaction' then 'idle in transaction (waiting for its client)'"
            + " when state = 'active' then 'active'"
            + " else null end, count(*)"
            + " from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid() group by 1";

    private final Thread thread;
    private final Map<String, Long> totals = new TreeMap<>();
    private int samples;
    private volatile boolean stop;
    private boolean begun;

    PgSampler(State state) {
        thread = new Thread(() -> {
            try (Connection connection = DriverManager.getConnection(state.get("pg.jdbc.url"), "postgres", "postgres");
                 Statement statement = connection.createStatement()) {
                synchronized (this) {
                    while (!begun && !stop) {
                        wait();
                    }
                }
                while (!stop) {
                    try (ResultSet rows = statement.executeQuery(QUERY)) {
                        synchronized (totals) {
                            while (rows.next()) {
                                if (rows.getString(1) != null) {
                                    totals.merge(rows.getString(1), rows.getLong(2), Long::sum);
                                }
                            }
                            samples++;
                        }
                    }
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.out.println("  (pg_stat_activity sampling stopped: " + e.getMessage() + ")");
            }
        }, "pg-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts sampling (when the measured window opens). */
    synchronized void begin() {
        begun = true;
        notifyAll();
    }

    /** "12.3 waiting for a lock (transactionid), 1.0 idle in transaction ..., 0.8 active" */
    String summary() {
        synchronized (totals) {
            if (samples == 0) {
                return "no samples";
            }
            StringBuilder text = new StringBuilder();
            totals.forEach((kind, total) -> text.append(text.length() == 0 ? "" : ", ")
                    .append(String.format("%.1f %s", total / (double) samples, kind)));
            return text.length() == 0 ? "nothing in flight" : text.toString();
        }
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
    }
}
