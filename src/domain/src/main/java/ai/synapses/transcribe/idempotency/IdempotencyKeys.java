package ai.synapses.transcribe.idempotency;

import ai.synapses.transcribe.error.ApiProblem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Duration;
import java.util.Map;

/**
 * Stripe-style idempotency for submits. A key is claimed before any work; the first successful
 * response is stored in the same transaction as the charge; any failure releases the key so the
 * customer may retry with it. A claim abandoned by a crashed request expires after the lock time.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final int MAX_KEY_LENGTH = 255;
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration LOCK = Duration.ofSeconds(60);

    /** What to do with a request that carries a key. */
    public sealed interface Claim permits Proceed, Replay {
    }

    /** The key is ours: do the work (which stores the response, see {@link ai.synapses.transcribe.job.PrechargedJobs}), or {@link #release} it. */
    public record Proceed(String organizationId, String key) implements Claim {
    }

    /** The key was used before with the same request: answer what was answered then. */
    public record Replay(int status, String location, String body) implements Claim {
    }

    public Uni<Claim> claim(String organizationId, String key, String requestHash) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        insert into idempotency_keys (organization_id, key, request_hash, locked_until, expires_at)
                        values (?1, ?2, ?3, now() + make_interval(secs => ?4), now() + make_interval(secs => ?5))
                        on conflict (organization_id, key) do update
                           set request_hash = excluded.request_hash, response_status = null, response_headers = null,
                               response_body = null, locked_until = excluded.locked_until,
                               expires_at = excluded.expires_at, created_at = now()
                         where idempotency_keys.expires_at < now()
                            or (idempotency_keys.response_status is null and idempotency_keys.locked_until < now()
                                and idempotency_keys.request_hash = excluded.request_hash)
                        """)
                .setParameter(1, organizationId).setParameter(2, key).setParameter(3, requestHash)
                .setParameter(4, (double) LOCK.toSeconds()).setParameter(5, (double) RETENTION.toSeconds())
                .executeUpdate()
                .flatMap(claimed -> claimed == 1
                        ? Uni.createFrom().item((Claim) new Proceed(organizationId, key))
                        : existing(session, organizationId, key, requestHash))));
    }

    private Uni<Claim> existing(Mutiny.Session session, String organizationId, String key, String requestHash) {
        return session.createNativeQuery("""
                        select request_hash, response_status, response_headers, response_body
                          from idempotency_keys where organization_id = ?1 and key = ?2""", Object[].class)
                .setParameter(1, organizationId).setParameter(2, key)
                .getSingleResult()
                .map(row -> {
                    if (!requestHash.equals(row[0])) {
                        throw new ApiProblem(409, "idempotency_key_reused",
                                "this Idempotency-Key was used with a different request body in the last 24 hours",
                                "Idempotency-Key");
                    }
                    if (row[1] == null) {
                        throw new ApiProblem(409, "idempotency_key_in_progress",
                                "a request with this Idempotency-Key is still being processed; retry in a moment",
                                "Idempotency-Key");
                    }
                    return new Replay(((Number) row[1]).intValue(), (String) row[2], (String) row[3]);
                });
    }

    /** Gives the key back after a failure, so the customer can retry with it. */
    public Uni<Void> release(Proceed claim) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "delete from idempotency_keys where organization_id = ?1 and key = ?2 and response_status is null")
                .setParameter(1, claim.organizationId()).setParameter(2, claim.key())
                .executeUpdate())).replaceWithVoid();
    }

    /**
     * Rewrites the stored answer of the submit that created {@code location} (its {@code Location}), replacing
     * each whole JSON value {@code from} with {@code to}: what the customer deleted must not come back in a
     * replay. The replay stays the same job and the same status.
     */
    public Uni<Void> forgetStoredValues(String organizationId, String location, Map<String, String> replacements) {
        Uni<Void> done = Uni.createFrom().voidItem();
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
            done = done.call(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                            update idempotency_keys set response_body = replace(response_body, ?1, ?2)
                             where organization_id = ?3 and response_headers = ?4 and response_body is not null""")
                    .setParameter(1, replacement.getKey()).setParameter(2, replacement.getValue())
                    .setParameter(3, organizationId).setParameter(4, location)
                    .executeUpdate()));
        }
        return done;
    }

    /** Forgets keys past their 24 hours. */
    public Uni<Integer> purgeExpired() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery("delete from idempotency_keys where expires_at < now()").executeUpdate()));
    }
}
