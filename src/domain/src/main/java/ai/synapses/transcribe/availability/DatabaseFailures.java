package ai.synapses.transcribe.availability;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Tells "the database is not there" from every other failure, by walking the cause chain (Hibernate
 * Reactive, Mutiny and Vert.x wrap the pool's errors in several layers). Only these failures count
 * against the database's circuit breaker and turn into {@code service_unavailable}; a constraint violation or a bug stays
 * what it is.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** The database could not be reached, dropped the connection, is shutting down or starting, or did not answer in time. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t : causes(failure)) {
            if (t instanceof ServiceUnavailable || t instanceof ConnectException || t instanceof CircuitBreakerOpenException
                    || t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            String type = t.getClass().getName();
            // Netty's and Vert.x's connect failures are not all java.net.ConnectException
            if (t instanceof ClosedConnectionException || type.endsWith(".ConnectException")
                    || type.endsWith("ConnectTimeoutException")) {
                return true;
            }
            String state = sqlState(t);
            // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now
            if (state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                    || state.equals("57P03"))) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (message.contains("Connection refused") || message.contains("Connection is closed")
                    || message.contains("Connection reset") || message.contains("Fail to read any response from the server"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The request never reached the database (no connection could be made): nothing can have been
     * written, so trying again cannot charge twice. A connection lost mid-transaction is not retried:
     * its commit may or may not have happened.
     */
    public static boolean neverReached(Throwable failure) {
        if (failure instanceof CommitUncertain) {
            return false;
        }
        for (Throwable t : causes(failure)) {
            if (t instanceof ConnectException || t.getClass().getName().endsWith(".ConnectException")
                    || (t.getMessage() != null && t.getMessage().contains("Connection refused"))) {
                return true;
            }
        }
        return false;
    }

    private static Iterable<Throwable> causes(Throwable failure) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = new HashSet<>();
        todo.add(failure);
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        while (!todo.isEmpty() && all.size() < 50) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            all.add(t);
            if (t instanceof CompositeException composite) {
                todo.addAll(composite.getCauses());
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            for (Throwable suppressed : t.getSuppressed()) {
                todo.add(suppressed);
            }
        }
        return all;
    }

    private static String sqlState(Throwable t) {
        if (t instanceof java.sql.SQLException sql) {
            return sql.getSQLState();
        }
        return t instanceof PgException pg ? pg.getSqlState() : null;
    }
}
