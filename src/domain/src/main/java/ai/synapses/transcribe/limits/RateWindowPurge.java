package ai.synapses.transcribe.limits;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

/** The submit rate limit counts per minute; past minutes' counters are of no use, and this deletes them. */
@ApplicationScoped
public class RateWindowPurge {

    private final Pool pool;

    public RateWindowPurge(Pool pool) {
        this.pool = pool;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return purgeNow().replaceWithVoid();
    }

    /** One pass (the scheduled sweeper function calls it where no in-process scheduler runs); emits the counters removed. */
    public Uni<Integer> purgeNow() {
        // a few minutes of slack: a submit still counting into the window that just ended must find its row
        return pool.query("delete from submit_rate_windows where window_start < now() - interval '5 minutes'")
                .execute().map(rows -> rows.rowCount());
    }
}
