package ai.synapses.transcribe.queue;

import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.job.TranscriptionStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Sends queued jobs whose message the queue never acknowledged (it was down during submit, or the
 * process died between commit and send). At-least-once: a job may be sent twice, and the worker's
 * conditional claim makes the second delivery a no-op.
 */
@ApplicationScoped
public class UnsentJobSweeper {

    private static final Logger LOG = Logger.getLogger(UnsentJobSweeper.class);

    private final JobDispatcher dispatcher;
    private final QueueSettings settings;
    private final TranscriptionStore store;

    public UnsentJobSweeper(JobDispatcher dispatcher, QueueSettings settings, TranscriptionStore store) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.settings = settings;
    }

    @Scheduled(every = "${transcribe.queue.sweep-interval:10s}", delayed = "${transcribe.queue.sweep-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep().replaceWithVoid();
    }

    /** Emits how many jobs the queue took in this sweep. */
    public Uni<Integer> sweep() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(settings.sweepGrace());
        return store.findUnsent(cutoff, settings.sweepBatchSize()).flatMap(this::sendAll);
    }

    private Uni<Integer> sendAll(List<TranscriptionJob> jobs) {
        if (jobs.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return sendFrom(jobs, 0, 0).invoke(sent ->
                LOG.infof("sweeper: %d of %d unsent jobs reached the queue", sent, jobs.size()));
    }

    /** One at a time, and stop at the first refusal: while the queue is down, one failed send per sweep is enough. */
    private Uni<Integer> sendFrom(List<TranscriptionJob> jobs, int index, int sent) {
        if (index == jobs.size()) {
            return Uni.createFrom().item(sent);
        }
        TranscriptionJob job = jobs.get(index);
        return dispatcher.dispatch(job.id, job.organizationId)
                .flatMap(accepted -> accepted ? sendFrom(jobs, index + 1, sent + 1) : Uni.createFrom().item(sent));
    }
}
