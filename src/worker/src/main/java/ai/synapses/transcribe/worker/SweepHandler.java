package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.idempotency.ExpiredKeyPurge;
import ai.synapses.transcribe.processing.StuckJobSweeper;
import ai.synapses.transcribe.queue.UnsentJobSweeper;
import ai.synapses.transcribe.webhook.WebhookSweeper;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * The scheduled sweeper function: one pass of the four housekeeping jobs that a long-running process
 * does on timers. A Lambda is frozen between invocations, so its in-process scheduler is switched off
 * ({@code QUARKUS_SCHEDULER_ENABLED=false}) and EventBridge Scheduler invokes this every minute instead.
 * <p>
 * Order matters: stuck jobs are put back to {@code queued} and unsent first, so the outbox pass of the
 * same invocation already sends them. A step that fails fails the invocation, and the schedule's retry
 * policy runs the pass again; every step is a conditional update, so a second pass is harmless.
 */
@Named("sweep")
public class SweepHandler implements RequestHandler<ScheduledSweep, SweepReport> {

    private static final Logger LOG = Logger.getLogger(SweepHandler.class);

    private final StuckJobSweeper stuckJobs;
    private final UnsentJobSweeper unsentJobs;
    private final WebhookSweeper webhooks;
    private final ExpiredKeyPurge idempotencyKeys;

    public SweepHandler(StuckJobSweeper stuckJobs, UnsentJobSweeper unsentJobs, WebhookSweeper webhooks,
            ExpiredKeyPurge idempotencyKeys) {
        this.stuckJobs = stuckJobs;
        this.webhooks = webhooks;
        this.unsentJobs = unsentJobs;
        this.idempotencyKeys = idempotencyKeys;
    }

    @Override
    public SweepReport handleRequest(ScheduledSweep event, Context context) {
        try {
            int recovered = VertxContextSupport.subscribeAndAwait(stuckJobs::recover);
            int sent = VertxContextSupport.subscribeAndAwait(unsentJobs::sweep);
            int webhooksSent = VertxContextSupport.subscribeAndAwait(webhooks::sweep);
            int purged = VertxContextSupport.subscribeAndAwait(idempotencyKeys::purgeNow);
            SweepReport report = new SweepReport(recovered, sent, webhooksSent, purged, event == null ? null : event.scheduledTime());
            LOG.infof("sweep for %s: %d stuck jobs recovered, %d unsent jobs sent, %d overdue webhook events sent,"
                    + " %d idempotency keys purged", report.scheduledTime(), recovered, sent, webhooksSent, purged);
            return report;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("sweep failed: " + e.getMessage(), e);
        }
    }
}
