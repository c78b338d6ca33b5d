package ai.synapses.transcribe.queue;

import io.smallrye.mutiny.Uni;
import ai.synapses.transcribe.job.TranscriptionStore;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The outbox's relay: sends a committed job to the queue and records the outcome on its row.
 * Runs only after the job's transaction committed, so no message ever names a job that does not exist.
 */
@ApplicationScoped
public class JobDispatcher {

    private final JobQueue queue;
    private final TranscriptionStore store;

    public JobDispatcher(JobQueue queue, TranscriptionStore store) {
        this.queue = queue;
        this.store = store;
    }

    /** Emits true when the queue acknowledged the job. */
    public Uni<Boolean> dispatch(String transcriptionId, String organizationId) {
        return queue.send(new JobMessage(transcriptionId, organizationId))
                // one statement in autocommit: the outcome is one row's update, no transaction needed around it
                .flatMap(error -> (error == null ? store.markSent(transcriptionId) : store.markSendFailed(transcriptionId, error))
                        .map(updated -> error == null));
    }
}
