package ai.synapses.transcribe.queue;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The outbox's relay: sends a committed job to the queue and records the outcome on its row.
 * Runs only after the job's transaction committed, so no message ever names a job that does not exist.
 */
@ApplicationScoped
public class JobDispatcher {

    private final JobQueue queue;
    private final Pool pool;

    public JobDispatcher(JobQueue queue, Pool pool) {
        this.queue = queue;
        this.pool = pool;
    }

    /** Emits true when the queue acknowledged the job. */
    public Uni<Boolean> dispatch(String transcriptionId, String organizationId) {
        return queue.send(new JobMessage(transcriptionId, organizationId))
                // one statement in autocommit: the outcome is one row's update, no transaction needed around it
                .flatMap(error -> (error == null
                        ? pool.preparedQuery("update transcriptions set enqueued_at = now(), send_attempts = send_attempts + 1,"
                                + " last_send_error = null where id = $1").execute(Tuple.of(transcriptionId))
                        : pool.preparedQuery("update transcriptions set send_attempts = send_attempts + 1, last_send_error = $2"
                                + " where id = $1").execute(Tuple.of(transcriptionId, error)))
                        .map(updated -> error == null));
    }
}
