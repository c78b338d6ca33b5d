package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.idempotency.ExpiredKeyPurge;
import ai.synapses.transcribe.limits.RateWindowPurge;
import ai.synapses.transcribe.processing.StuckJobSweeper;
import ai.synapses.transcribe.queue.UnclaimedJobSweeper;
import ai.synapses.transcribe.queue.UnsentJobSweeper;
import ai.synapses.transcribe.webhook.WebhookSweeper;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * The scheduled sweeper function: one pass of every housekeeping job that a long-running process does on
 * timers (each {@code @Scheduled} method of the domain and the engine; {@code SweepHandlerTest} holds the
 * list to them). A Lambda is frozen between invocations, so its in-process scheduler is switched off
 * ({@code QUARKUS_SCHEDULER_ENABLED=false}) and EventBridge Scheduler invokes this every minute instead.
 * <p>
 * Order matters: stuck jobs are put back to {@code queued} and unsent, and jobs no worker claimed go back to
 * the outbox, before the outbox pass, so that pass already sends them. A step that fails fails the
 * invocation, and the schedule's retry policy runs the pass again; every step is a conditional update or a
 * delete of what has expired, so a second pass is harmless.
 */
@Named("sweep")
public class SweepHandler implements RequestHandler<ScheduledSweep, SweepReport> {

    private static final Logger LOG = Logger.getLogger(SweepHandler.class);

    private final StuckJobSweeper stuckJobs;
    private final UnclaimedJobSweeper unclaimedJobs;
    private final UnsentJobSweeper unsentJobs;
    private final WebhookSweeper webhooks;
    private final ExpiredKeyPurge idempotencyKeys;
    private final RateWindowPurge rateWindows;

    public SweepHandler(StuckJobSweeper stuckJobs, UnclaimedJobSweeper unclaimedJobs, UnsentJobSweeper unsentJobs,
            WebhookSweeper webhooks, ExpiredKeyPurge idempotencyKeys, RateWindowPurge rateWindows) {
        this.stuckJobs = stuckJobs;
        this.unclaimedJobs = unclaimedJobs;
        this.webhooks = webhooks;
        this.unsentJobs = unsentJobs;
        this.idempotencyKeys = idempotencyKeys;
        this.rateWindows = rateWindows;
    }

    @Override
    public SweepReport handleRequest(ScheduledSweep event, Context context) {
        try {
            int recovered = VertxContextSupport.subscribeAndAwait(stuckJobs::recover);
            UnclaimedJobSweeper.Pass unclaimed = VertxContextSupport.subscribeAndAwait(unclaimedJobs::sweep);
            int sent = VertxContextSupport.subscribeAndAwait(unsentJobs::sweep);
            int webhooksSent = VertxContextSupport.subscribeAndAwait(webhooks::sweep);
            int purged = VertxContextSupport.subscribeAndAwait(idempotencyKeys::purgeNow);
            int windows = VertxContextSupport.subscribeAndAwait(rateWindows::purgeNow);
            SweepReport report = new SweepReport(recovered, unclaimed.requeued(), unclaimed.failed(), sent, webhooksSent, purged,
                    windows, event == null ? null : event.scheduledTime());
            LOG.infof("sweep for %s: %d stuck jobs recovered, %d unclaimed jobs sent again and %d failed, %d unsent jobs sent,"
                    + " %d overdue webhook events sent, %d idempotency keys and %d rate-limit counters purged",
                    report.scheduledTime(), recovered, unclaimed.requeued(), unclaimed.failed(), sent, webhooksSent, purged,
                    windows);
            return report;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("sweep failed: " + e.getMessage(), e);
        }
    }
}
