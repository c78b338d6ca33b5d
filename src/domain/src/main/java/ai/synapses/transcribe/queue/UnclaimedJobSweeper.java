package ai.synapses.transcribe.queue;

import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.job.TranscriptionStore;
import ai.synapses.transcribe.job.TranscriptionStore.Unclaimed;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * No charged job waits for ever: a job the queue took that no worker has claimed within
 * {@code transcribe.queue.pickup-timeout} (its message went to the dead-letter queue after failed receives,
 * was lost, or no worker ran) goes back to the outbox, so the {@link UnsentJobSweeper} sends it again, up to
 * {@code max-requeues} times; unclaimed after that, it fails with {@code queue_timeout} and is refunded in
 * full, once. Waiting starts again whenever the job was sent or touched (a worker that put it back, a delay
 * for its organisation's concurrency limit), so only a job nobody looked at is counted. Each step is a
 * conditional update: two sweepers at once, or a worker claiming the job meanwhile, change nothing twice.
 */
@ApplicationScoped
public class UnclaimedJobSweeper {

    private static final Logger LOG = Logger.getLogger(UnclaimedJobSweeper.class);
    static final String CODE = "queue_timeout";

    /** What one pass did. */
    public record Pass(int requeued, int failed) {
    }

    private final TranscriptionStore store;
    private final JobLifecycle lifecycle;
    private final QueueSettings settings;

    public UnclaimedJobSweeper(TranscriptionStore store, JobLifecycle lifecycle, QueueSettings settings) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.settings = settings;
    }

    @Scheduled(every = "${transcribe.queue.sweep-interval:10s}", delayed = "${transcribe.queue.sweep-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep().replaceWithVoid();
    }

    /** One pass (the scheduled sweeper function calls it where no in-process scheduler runs). */
    public Uni<Pass> sweep() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(settings.pickupTimeout());
        return store.findUnclaimed(cutoff, settings.sweepBatchSize())
                .flatMap(jobs -> handle(jobs, 0, new Pass(0, 0)))
                .invoke(pass -> {
                    if (pass.requeued() + pass.failed() > 0) {
                        LOG.warnf("unclaimed-job sweeper: %d job(s) sent again, %d failed and refunded after %d sends",
                                pass.requeued(), pass.failed(), settings.maxRequeues() + 1);
                    }
                });
    }

    private Uni<Pass> handle(List<Unclaimed> jobs, int index, Pass pass) {
        if (index == jobs.size()) {
            return Uni.createFrom().item(pass);
        }
        Unclaimed job = jobs.get(index);
        if (job.requeues() >= settings.maxRequeues()) {
            return lifecycle.failQueued(job.id(), CODE, "no worker took the job: it was sent to the queue "
                            + (job.requeues() + 1) + " times and waited " + settings.pickupTimeout().toMinutes()
                            + " min after each; the charge was refunded")
                    .flatMap(failed -> handle(jobs, index + 1, failed ? new Pass(pass.requeued(), pass.failed() + 1) : pass));
        }
        // back to the outbox: the unsent-job sweeper sends it, and records the send
        return store.requeueUnclaimed(job)
                .flatMap(requeued -> handle(jobs, index + 1,
                        requeued ? new Pass(pass.requeued() + 1, pass.failed()) : pass));
    }
}
