package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.job.JobLifecycle;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Puts back jobs whose worker died mid-way (or fails and refunds them after too many attempts). */
@ApplicationScoped
public class StuckJobSweeper {

    private final JobLifecycle lifecycle;
    private final WorkerSettings settings;

    public StuckJobSweeper(JobLifecycle lifecycle, WorkerSettings settings) {
        this.lifecycle = lifecycle;
        this.settings = settings;
    }

    @Scheduled(every = "${transcribe.worker.sweep-interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return recover().replaceWithVoid();
    }

    /** One pass (the scheduled sweeper function calls it where no in-process scheduler runs); emits the jobs recovered. */
    public Uni<Integer> recover() {
        return lifecycle.recoverStuck(settings.processingTimeout(), settings.maxAttempts(), 100);
    }
}
