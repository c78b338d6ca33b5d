package ai.synapses.transcribe.idempotency;

import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.job.SubmitDeadline;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Stripe-style idempotency for submits. A key is claimed before any work; the first successful
 * response is stored in the same statement as the charge; any failure releases the key so the
 * customer may retry with it. A claim abandoned by a crashed request expires after the lock time.
 *
 * <p>A claim is owned: it writes a fresh token, and only statements naming that token store the
 * response ({@link ai.synapses.transcribe.job.TranscriptionStore#insertPrecharged}, which debits only while
 * the token is still the key's) or release the key. So a request that outlived its lock and lost the key to a second
 * request can neither charge a second time nor free the key the second one is working under.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final int MAX_KEY_LENGTH = 255;
    static final Duration RETENTION = Duration.ofHours(24);

    /** What to do with a request that carries a key. */
    public sealed interface Claim permits Proceed, Replay {
    }

    /**
     * The key is ours, under {@code token}: do the work (which stores the response, see
     * {@link ai.synapses.transcribe.job.TranscriptionStore#insertPrecharged}), or {@link #release} it.
     */
    public record Proceed(String organizationId, String key, String requestHash, UUID token) implements Claim {
    }

    /** The key was used before with the same request: answer what was answered then. */
    public record Replay(int status, String location, String body) implements Claim {
    }

    /** The claim's lock ran out and another request with the same key took it over: this one did nothing. */
    public static final class ClaimLost extends RuntimeException {
        public ClaimLost() {
            super("the Idempotency-Key was taken over by a later request", null, false, false);
        }
    }

    private final Duration lock;
    private final Pool pool;

    public IdempotencyKeys(IdempotencySettings settings, SubmitDeadline deadline, Pool pool) {
        this.lock = settings.lock().orElseGet(deadline::afterClaim);
        this.pool = pool;
    }

    public Uni<Claim> claim(String organizationId, String key, String requestHash) {
        UUID token = UUID.randomUUID();
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        insert into idempotency_keys (organization_id, key, request_hash, locked_until, expires_at, claim_token)
                        values (?1, ?2, ?3, now() + make_interval(secs => ?4), now() + make_interval(secs => ?5), cast(?6 as uuid))
                        on conflict (organization_id, key) do update
                           set request_hash = excluded.request_hash, response_status = null, response_headers = null,
                               response_body = null, locked_until = excluded.locked_until,
                               expires_at = excluded.expires_at, created_at = now(), claim_token = excluded.claim_token
                         where idempotency_keys.expires_at < now()
                            or (idempotency_keys.response_status is null and idempotency_keys.locked_until < now()
                                and idempotency_keys.request_hash = excluded.request_hash)
                        """)
                .setParameter(1, organizationId).setParameter(2, key).setParameter(3, requestHash)
                .setParameter(4, lock.toMillis() / 1000.0).setParameter(5, (double) RETENTION.toSeconds())
                .setParameter(6, token.toString())
                .executeUpdate()
                .flatMap(claimed -> claimed == 1
                        ? Uni.createFrom().item((Claim) new Proceed(organizationId, key, requestHash, token))
                        : existing(session, organizationId, key, requestHash))));
    }

    private Uni<Claim> existing(Mutiny.Session session, String organizationId, String key, String requestHash) {
        return session.createNativeQuery("""
                        select request_hash, response_status, response_headers, response_body
                          from idempotency_keys where organization_id = ?1 and key = ?2""", Object[].class)
                .setParameter(1, organizationId).setParameter(2, key)
                .getSingleResult()
                .map(row -> answer(requestHash, (String) row[0], (Number) row[1], (String) row[2], (String) row[3]));
    }

    /**
     * What a request that lost its claim answers: the response of the request that took the key over, or
     * {@code idempotency_key_in_progress} while that one is still running (or gave the key back).
     */
    public Uni<Replay> replayAfterLoss(Proceed lost) {
        return pool.preparedQuery("""
                        select request_hash, response_status, response_headers, response_body
                          from idempotency_keys where organization_id = $1 and key = $2""")
                .execute(Tuple.of(lost.organizationId(), lost.key()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw inProgress();
                    }
                    Row row = rows.iterator().next();
                    return (Replay) answer(lost.requestHash(), row.getString(0), row.getInteger(1), row.getString(2),
                            row.getString(3));
                });
    }

    private static Claim answer(String requestHash, String storedHash, Number status, String location, String body) {
        if (!requestHash.equals(storedHash)) {
            throw new DomainException(ErrorKind.CONFLICT, "idempotency_key_reused",
                    "this Idempotency-Key was used with a different request body in the last 24 hours",
                    "Idempotency-Key");
        }
        if (status == null) {
            throw inProgress();
        }
        return new Replay(status.intValue(), location, body);
    }

    private static DomainException inProgress() {
        return new DomainException(ErrorKind.CONFLICT, "idempotency_key_in_progress",
                "a request with this Idempotency-Key is still being processed; retry in a moment", "Idempotency-Key");
    }

    /**
     * Gives the key back after a failure, so the customer can retry with it; only while {@code claim} still
     * owns it and no response is stored. Emits whether it did. Having released it is also proof that the
     * claim's pre-charge never committed and never will: that statement debits only while the key row it
     * locks still carries this token, and a statement already holding that lock makes this one wait for
     * its end.
     */
    public Uni<Boolean> release(Proceed claim) {
        return pool.preparedQuery("""
                        delete from idempotency_keys
                         where organization_id = $1 and key = $2 and claim_token = $3 and response_status is null""")
                .execute(Tuple.of(claim.organizationId(), claim.key(), claim.token()))
                .map(rows -> rows.rowCount() == 1);
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
