package ai.synapses.transcribe.availability;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * Database access on the request path, guarded: a time-out per step, bounded retries of steps that
 * never reached the database, and one circuit breaker that, once the database is seen to be down,
 * answers at once instead of piling requests up on a dead pool. Every availability failure becomes
 * {@code 503 service_unavailable}; others pass through unchanged. The breaker lets a trial call through
 * after its delay, so the service recovers by itself when the database is back (the reactive pool
 * opens new connections on demand).
 */
@ApplicationScoped
public class DatabaseGuard {

    private static final Logger LOG = Logger.getLogger(DatabaseGuard.class);

    private final Guard guard;

    public DatabaseGuard(ResilienceSettings settings) {
        ResilienceSettings.Database db = settings.database();
        this.guard = Guard.create().withDescription("database")
                .withRetry().maxRetries(db.retries()).delay(db.retryDelay().toMillis(), ChronoUnit.MILLIS)
                        .whenException(DatabaseFailures::neverReached).done()
                .withCircuitBreaker().name("database").requestVolumeThreshold(db.breakerVolume())
                        .failureRatio(db.breakerRatio()).delay(db.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                        .when(DatabaseFailures::isUnavailable)
                        .onStateChange(state -> LOG.warnf("database circuit breaker is now %s", state)).done()
                .withTimeout().duration(db.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    /** Runs {@code work} (a Panache session or transaction) under the guard. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> Uni<T> call(Supplier<Uni<T>> work) {
        return CallerContext.around(work, attempt -> (Uni<T>) guard.get((Supplier) attempt, (Class) Uni.class))
                .onFailure(failure -> !(failure instanceof ServiceUnavailable) && DatabaseFailures.isUnavailable(failure))
                .transform(failure -> {
                    LOG.warnf("database unavailable: %s", failure.toString());
                    return new ServiceUnavailable("database",
                            "our database is unavailable at the moment; nothing was charged, please retry shortly");
                });
    }
}
