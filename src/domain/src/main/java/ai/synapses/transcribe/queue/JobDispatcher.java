package ai.synapses.transcribe.queue;

import ai.synapses.transcribe.job.TranscriptionJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The outbox's relay: sends a committed job to the queue and records the outcome on its row.
 * Runs only after the job's transaction committed, so no message ever names a job that does not exist.
 */
@ApplicationScoped
public class JobDispatcher {

    private final JobQueue queue;

    public JobDispatcher(JobQueue queue) {
        this.queue = queue;
    }

    /** Emits true when the queue acknowledged the job. */
    public Uni<Boolean> dispatch(String transcriptionId, String organizationId) {
        return queue.send(new JobMessage(transcriptionId, organizationId))
                .flatMap(error -> Panache.withTransaction(() -> error == null
                        ? TranscriptionJob.update("enqueuedAt = ?1, sendAttempts = sendAttempts + 1, lastSendError = null where id = ?2",
                                OffsetDateTime.now(ZoneOffset.UTC), transcriptionId)
                        : TranscriptionJob.update("sendAttempts = sendAttempts + 1, lastSendError = ?1 where id = ?2",
                                error, transcriptionId))
                        .map(updated -> error == null));
    }
}
