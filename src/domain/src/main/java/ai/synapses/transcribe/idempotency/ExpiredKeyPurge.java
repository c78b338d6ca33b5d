package ai.synapses.transcribe.idempotency;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Idempotency keys are kept 24 hours; this forgets them afterwards. */
@ApplicationScoped
public class ExpiredKeyPurge {

    private final IdempotencyKeys keys;

    public ExpiredKeyPurge(IdempotencyKeys keys) {
        this.keys = keys;
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return purgeNow().replaceWithVoid();
    }

    /** One pass (the scheduled sweeper function calls it where no in-process scheduler runs); emits the keys removed. */
    public Uni<Integer> purgeNow() {
        return keys.purgeExpired();
    }
}
