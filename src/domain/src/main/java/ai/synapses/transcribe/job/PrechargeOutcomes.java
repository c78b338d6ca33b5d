package ai.synapses.transcribe.job;

import ai.synapses.transcribe.availability.CallerContext;
import ai.synapses.transcribe.availability.DatabaseFailures;
import ai.synapses.transcribe.availability.ResilienceSettings;
import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.idempotency.IdempotencyKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * Finds out what became of a submit's pre-charge statement whose connection broke after it was sent:
 * committed (the customer gets the 202 and the job is dispatched) or not committed and never going to
 * ({@code service_unavailable}, nothing charged). Never a guess: when neither can be established within the outcome time-out,
 * the answer is {@code 500 submit_outcome_unknown} naming the job id the submit would have created.
 *
 * <p>The statement cannot commit once one of these holds, and then whether the job's row exists is the
 * answer:
 * <ul>
 * <li>the server process that ran it has ended: it is asked to end ({@code pg_terminate_backend}, which
 *     rolls back whatever it has not committed) and is waited for. Only where the connection's process id
 *     is the server's own (checked on the connection that asks: a pooler such as RDS Proxy hands out ids
 *     of its own);</li>
 * <li>the submit's Idempotency-Key was released under its claim's token: the statement debits only
 *     while the key row it locks carries that token, and the release waits for a statement that holds
 *     the row. This holds behind any pooler.</li>
 * </ul>
 * Runs only on that failure path; a submit that went through costs nothing here.
 */
@ApplicationScoped
public class PrechargeOutcomes {

    public static final String UNKNOWN = "submit_outcome_unknown";

    private static final Logger LOG = Logger.getLogger(PrechargeOutcomes.class);
    /** How long one request to end the old server process waits for it to be gone. */
    private static final long TERMINATION_WAIT_MILLIS = 1000;
    /** A client backend of ours, not this connection's own (a process id can be reused once the old one ended). */
    private static final String OURS = "pid = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'"
            + " and usename = current_user";

    private final Pool pool;
    private final IdempotencyKeys keys;
    private final TranscriptionStore store;
    private final Duration timeout;

    public PrechargeOutcomes(Pool pool, IdempotencyKeys keys, TranscriptionStore store, ResilienceSettings resilience) {
        this.store = store;
        this.pool = pool;
        this.keys = keys;
        this.timeout = resilience.database().outcomeTimeout();
    }

    /**
     * Emits true when the job's pre-charge committed, false when it did not and cannot any more; fails with
     * {@code 500 submit_outcome_unknown} when that could not be established within the outcome time-out.
     *
     * @param claim            the submit's Idempotency-Key claim, or null
     * @param backendProcessId the process id the broken connection reported
     */
    public Uni<Boolean> committed(TranscriptionJob job, IdempotencyKeys.Proceed claim, int backendProcessId) {
        return CallerContext.around(() -> attempt(job, claim, backendProcessId), attempt -> attempt.get()
                        .onFailure(PrechargeOutcomes::worthAnotherTry).retry()
                        .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).expireIn(timeout.toMillis())
                        .ifNoItem().after(timeout).fail())
                .onFailure().transform(e -> unknown(job, e))
                .invoke(committed -> LOG.warnf("the connection of job %s's pre-charge broke after it was sent; it %s",
                        job.id, committed ? "committed" : "did not commit, and now cannot"));
    }

    private Uni<Boolean> attempt(TranscriptionJob job, IdempotencyKeys.Proceed claim, int backendProcessId) {
        return endServerProcess(backendProcessId).flatMap(ended -> (claim == null ? Uni.createFrom().item(false) : keys.release(claim))
                .flatMap(released -> released
                        ? Uni.createFrom().item(false)
                        : store.exists(job.id).map(exists -> {
                            if (exists) {
                                return true;
                            }
                            if (claim != null || ended) {
                                // the key is no longer this claim's, or the process is gone: nothing can commit now
                                return false;
                            }
                            throw new Undeterminable("the job is not there (yet), and no pooler-proof way of stopping"
                                    + " its statement exists without an Idempotency-Key");
                        })));
    }

    /**
     * Emits true once the server process that ran the statement is gone (after asking it to end), false
     * when the connection's process ids are not the server's (a pooler in between): then nothing is ended.
     */
    private Uni<Boolean> endServerProcess(int processId) {
        return pool.withConnection(connection -> connection.query("select pg_backend_pid()").execute()
                .flatMap(own -> {
                    if (own.iterator().next().getInteger(0) != PgConnection.cast(connection).processId()) {
                        return Uni.createFrom().item(false);
                    }
                    return connection.preparedQuery("select pg_terminate_backend(pid, $2) from pg_stat_activity where " + OURS)
                            .execute(Tuple.of(processId, TERMINATION_WAIT_MILLIS))
                            .flatMap(ignored -> connection.preparedQuery("select exists (select 1 from pg_stat_activity where "
                                    + OURS + ")").execute(Tuple.of(processId)))
                            .map(running -> {
                                if (running.iterator().next().getBoolean(0)) {
                                    throw new ServerProcessStillRunning(processId);
                                }
                                return true;
                            });
                }));
    }

    private static boolean worthAnotherTry(Throwable failure) {
        return failure instanceof ServerProcessStillRunning || DatabaseFailures.isUnavailable(failure);
    }

    private static DomainException unknown(TranscriptionJob job, Throwable cause) {
        LOG.errorf("the connection of job %s's pre-charge broke after it was sent, and whether it committed could not be"
                + " established: %s", job.id, cause.toString());
        return new DomainException(ErrorKind.OUTCOME_UNKNOWN, "submit_outcome_unknown", "the connection to our database broke while this submit was"
                + " being saved, and we could not find out in time whether it was; look up details.transcription_id (the"
                + " job it created if it was) before submitting again, or retry with the same Idempotency-Key, which never"
                + " charges twice", null, Map.of("transcription_id", job.id));
    }

    private static final class ServerProcessStillRunning extends RuntimeException {
        ServerProcessStillRunning(int processId) {
            super("server process " + processId + " has not ended yet", null, false, false);
        }
    }

    private static final class Undeterminable extends RuntimeException {
        Undeterminable(String message) {
            super(message, null, false, false);
        }
    }
}
