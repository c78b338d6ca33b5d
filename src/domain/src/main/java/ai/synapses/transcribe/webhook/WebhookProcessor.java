package ai.synapses.transcribe.webhook;

import ai.synapses.transcribe.id.Ids;
import ai.synapses.transcribe.metrics.WebhookMetrics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

/**
 * One webhook queue message: a hop of a long wait, or an attempt. Blocking; runs on the Lambda handler's
 * thread or a poller's. The attempt is claimed by a conditional update on the message's attempt count, so
 * duplicate queue messages, sweeper re-sends and concurrent workers make one attempt between them, and a
 * 2xx ends the message for good: delivered once.
 */
@ApplicationScoped
public class WebhookProcessor {

    private static final Logger LOG = Logger.getLogger(WebhookProcessor.class);
    /** Time an attempt holds its message beyond the HTTP time-out, for recording the outcome. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    /** What to do with the queue message. */
    public enum Outcome {
        /** Done with it: delete it. */
        ACKNOWLEDGE,
        /** Our fault (database or queue down): leave it for redelivery. */
        RETRY
    }

    private final WebhookQueue queue;
    private final WebhookSender sender;
    private final WebhookSecrets secrets;
    private final WebhookSettings settings;
    private final WebhookMetrics metrics;

    public WebhookProcessor(WebhookQueue queue, WebhookSender sender, WebhookSecrets secrets, WebhookSettings settings,
            WebhookMetrics metrics) {
        this.metrics = metrics;
        this.queue = queue;
        this.sender = sender;
        this.secrets = secrets;
        this.settings = settings;
    }

    public WebhookQueueMessage parse(String body) {
        return queue.parse(body);
    }

    public Outcome process(WebhookQueueMessage queued) {
        WebhookMessage message;
        try {
            message = await(() -> Panache.withSession(() -> WebhookMessage.<WebhookMessage>findById(queued.messageId())));
        } catch (RuntimeException e) {
            LOG.warnf("webhook %s: database unavailable (%s); left for redelivery", queued.messageId(), e.getMessage());
            return Outcome.RETRY;
        }
        if (message == null || message.state != WebhookMessage.State.pending || message.attempts != queued.attempt()) {
            return Outcome.ACKNOWLEDGE; // done, disabled, redelivered since, or a duplicate: nothing to do
        }
        OffsetDateTime now = now();
        if (message.nextAttemptAt.isAfter(now)) {
            return hop(queued, Duration.between(now, message.nextAttemptAt));
        }
        WebhookSecrets.Secrets signing;
        int claimed;
        try {
            signing = await(() -> secrets.current(message.organizationId));
            claimed = await(() -> Panache.withTransaction(() -> WebhookMessage.update(
                    "attempts = attempts + 1, leasedUntil = ?1, updatedAt = ?2 where id = ?3 and state = ?4 and attempts = ?5"
                            + " and nextAttemptAt <= ?2 and (leasedUntil is null or leasedUntil < ?2)",
                    now.plus(settings.timeout()).plus(LEASE_MARGIN), now, message.id, WebhookMessage.State.pending,
                    queued.attempt())));
        } catch (RuntimeException e) {
            LOG.warnf("webhook %s: database unavailable (%s); left for redelivery", message.id, e.getMessage());
            return Outcome.RETRY;
        }
        if (claimed == 0) {
            return Outcome.ACKNOWLEDGE; // another worker took this attempt
        }
        int attempt = queued.attempt() + 1;
        long timestamp = now().toEpochSecond();
        WebhookSender.Attempt result = sender.send(message.url, message.id, timestamp, message.payload,
                WebhookSigner.signatures(signing.signing(), message.id, timestamp, message.payload));
        return record(message, attempt, now, result);
    }

    /** A wait longer than one queue delay: the same message again, as late as the queue allows. */
    private Outcome hop(WebhookQueueMessage queued, Duration wait) {
        if (!queue.send(queued, wait)) {
            return Outcome.RETRY;
        }
        touchEnqueued(queued.messageId());
        return Outcome.ACKNOWLEDGE;
    }

    private Outcome record(WebhookMessage message, int attempt, OffsetDateTime attemptedAt, WebhookSender.Attempt result) {
        List<Duration> schedule = settings.retrySchedule();
        OffsetDateTime now = now();
        String outcome;
        WebhookMessage.State state;
        OffsetDateTime next = message.nextAttemptAt;
        if (result.delivered()) {
            outcome = WebhookMetrics.DELIVERED;
            state = WebhookMessage.State.delivered;
        } else if (result.gone()) {
            outcome = WebhookMetrics.DISABLED;
            state = WebhookMessage.State.disabled;
        } else if (message.scheduleStep < schedule.size()) {
            outcome = WebhookMetrics.RETRYING;
            state = WebhookMessage.State.pending;
            next = now.plus(schedule.get(message.scheduleStep));
        } else {
            outcome = WebhookMetrics.FAILED;
            state = WebhookMessage.State.failed;
        }
        WebhookDelivery delivery = new WebhookDelivery();
        delivery.id = Ids.newId("whd");
        delivery.messageId = message.id;
        delivery.transcriptionId = message.transcriptionId;
        delivery.attempt = attempt;
        delivery.attemptedAt = attemptedAt;
        delivery.url = message.url;
        delivery.statusCode = result.status();
        delivery.latencyMs = result.latencyMs();
        delivery.outcome = outcome;
        delivery.error = result.error();
        OffsetDateTime nextAttempt = next;
        try {
            boolean delivered = state == WebhookMessage.State.delivered;
            String update = "state = ?1, scheduleStep = scheduleStep + ?2, nextAttemptAt = ?3, leasedUntil = null, updatedAt = ?4"
                    + (delivered ? ", deliveredAt = ?4" : "") + " where id = ?5 and attempts = ?6";
            await(() -> Panache.withTransaction(() -> delivery.persist().flatMap(ignored -> WebhookMessage.update(update,
                    state, state == WebhookMessage.State.pending ? 1 : 0, nextAttempt, now, message.id, attempt))));
        } catch (RuntimeException e) {
            // The attempt happened but is not recorded; the lease runs out and the sweeper retries it
            // (at-least-once: a receiver that answered 2xx may see it again, with the same webhook-id).
            LOG.errorf(e, "webhook %s: attempt %d (%s) could not be recorded", message.id, attempt, outcome);
            return Outcome.ACKNOWLEDGE;
        }
        metrics.attempt(outcome);
        LOG.debugf("webhook %s attempt %d: %s %s", message.id, attempt, outcome,
                result.status() != null ? "HTTP " + result.status() : result.error());
        if (state == WebhookMessage.State.pending) {
            // the next attempt's message; if the queue refuses it, the sweeper sends it once it is due
            if (queue.send(new WebhookQueueMessage(message.id, attempt), Duration.between(now, nextAttempt))) {
                touchEnqueued(message.id);
            }
        }
        return Outcome.ACKNOWLEDGE;
    }

    private void touchEnqueued(String messageId) {
        try {
            await(() -> Panache.withTransaction(() -> WebhookMessage.update("enqueuedAt = ?1 where id = ?2", now(), messageId)));
        } catch (RuntimeException e) {
            LOG.debugf("webhook %s: enqueued_at not updated (%s)", messageId, e.getMessage());
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
