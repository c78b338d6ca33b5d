package ai.synapses.transcribe.availability;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * Database access on the request path, guarded: bounded retries of steps that never reached the
 * database, a time-out on reads, and one circuit breaker that, once the database is seen to be down,
 * answers at once instead of piling requests up on a dead pool. Every availability failure becomes
 * {@code service_unavailable}; others pass through unchanged. The breaker lets a trial call through
 * after its delay, so the service recovers by itself when the database is back (the reactive pool
 * opens new connections on demand).
 *
 * <p>Writes get no client-side time-out: abandoning a transaction on our side does not stop the
 * database from committing it, and {@code service_unavailable} must mean that nothing was charged. For the same
 * reason a {@link CommitUncertain} (the connection broke after a write was sent) passes through as it is.
 */
@ApplicationScoped
public class DatabaseGuard {

    private static final Logger LOG = Logger.getLogger(DatabaseGuard.class);

    private final Guard guard;
    private final Duration readTimeout;

    public DatabaseGuard(ResilienceSettings settings) {
        ResilienceSettings.Database db = settings.database();
        this.readTimeout = db.timeout();
        this.guard = Guard.create().withDescription("database")
                .withRetry().maxRetries(db.retries()).delay(db.retryDelay().toMillis(), ChronoUnit.MILLIS)
                        .whenException(DatabaseFailures::neverReached).done()
                .withCircuitBreaker().name("database").requestVolumeThreshold(db.breakerVolume())
                        .failureRatio(db.breakerRatio()).delay(db.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                        .when(DatabaseFailures::isUnavailable)
                        .onStateChange(state -> LOG.warnf("database circuit breaker is now %s", state)).done()
                .build();
    }

    /** A read (a Panache session that changes nothing), bounded by the time-out: giving up on it is harmless. */
    public <T> Uni<T> read(Supplier<Uni<T>> work) {
        return guarded(() -> work.get().ifNoItem().after(readTimeout)
                .failWith(() -> new TimeoutException("no answer from the database within " + readTimeout.toMillis() + " ms")));
    }

    /** A transaction that writes: retried only if it never reached the database, never cut short on our side. */
    public <T> Uni<T> write(Supplier<Uni<T>> work) {
        return guarded(work);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T> Uni<T> guarded(Supplier<Uni<T>> work) {
        return CallerContext.around(work, attempt -> (Uni<T>) guard.get((Supplier) attempt, (Class) Uni.class))
                // an uncertain commit is not unavailability until its writer has found out that nothing committed
                .onFailure(failure -> !(failure instanceof ServiceUnavailable) && !(failure instanceof CommitUncertain)
                        && DatabaseFailures.isUnavailable(failure))
                .transform(failure -> {
                    LOG.warnf("database unavailable: %s", failure.toString());
                    return new ServiceUnavailable("database",
                            "our database is unavailable at the moment; nothing was charged, please retry shortly");
                });
    }
}
