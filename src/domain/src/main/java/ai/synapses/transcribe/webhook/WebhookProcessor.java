package ai.synapses.transcribe.webhook;

import ai.synapses.transcribe.metrics.WebhookMetrics;
import ai.synapses.transcribe.queue.MessageHandler;
import ai.synapses.transcribe.queue.MessageOutcome;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static ai.synapses.transcribe.queue.Blocking.await;

/**
 * One webhook queue message: a hop of a long wait, or an attempt. Blocking; runs on the Lambda handler's
 * thread or a poller's. The attempt is claimed and counted by {@link WebhookAttempts} before the request is
 * sent, so duplicate queue messages, sweeper re-sends and concurrent workers make one attempt between them,
 * a 2xx ends the message for good (delivered once), and an attempt whose process dies still counts.
 */
@ApplicationScoped
public class WebhookProcessor implements MessageHandler<WebhookQueueMessage> {

    private static final Logger LOG = Logger.getLogger(WebhookProcessor.class);

    private final WebhookQueue queue;
    private final WebhookSender sender;
    private final WebhookSecrets secrets;
    private final WebhookSettings settings;
    private final WebhookAttempts attempts;
    private final WebhookMetrics metrics;

    public WebhookProcessor(WebhookQueue queue, WebhookSender sender, WebhookSecrets secrets, WebhookSettings settings,
            WebhookAttempts attempts, WebhookMetrics metrics) {
        this.queue = queue;
        this.sender = sender;
        this.secrets = secrets;
        this.settings = settings;
        this.attempts = attempts;
        this.metrics = metrics;
    }

    @Override
    public String kind() {
        return "webhook";
    }

    @Override
    public WebhookQueueMessage parse(String body) {
        return queue.parse(body);
    }

    @Override
    public MessageOutcome process(WebhookQueueMessage queued) {
        WebhookMessage message;
        try {
            message = await(() -> Panache.withSession(() -> WebhookMessage.<WebhookMessage>findById(queued.messageId())));
        } catch (RuntimeException e) {
            LOG.warnf("webhook %s: database unavailable (%s); left for redelivery", queued.messageId(), e.getMessage());
            return MessageOutcome.RETRY;
        }
        if (message == null || message.state != WebhookMessage.State.pending) {
            return MessageOutcome.ACKNOWLEDGE; // done or disabled
        }
        OffsetDateTime now = now();
        if (message.leasedUntil != null) {
            // An attempt is under way, or died with its process: typically this is the queue message of that
            // very attempt, redelivered because its invocation never acknowledged it.
            return message.leasedUntil.isBefore(now) ? afterLostAttempt(message, now) : MessageOutcome.ACKNOWLEDGE;
        }
        if (message.attempts != queued.attempt()) {
            return MessageOutcome.ACKNOWLEDGE; // redelivered since, or a duplicate: nothing to do
        }
        if (message.nextAttemptAt.isAfter(now)) {
            return hop(queued, Duration.between(now, message.nextAttemptAt));
        }
        WebhookSecrets.Secrets signing;
        WebhookAttempts.Claimed claimed;
        try {
            signing = await(() -> secrets.current(message.organizationId));
            claimed = await(() -> attempts.claim(message, queued.attempt(), now, settings.timeout().plus(settings.leaseMargin())));
        } catch (RuntimeException e) {
            LOG.warnf("webhook %s: database unavailable (%s); left for redelivery", message.id, e.getMessage());
            return MessageOutcome.RETRY;
        }
        if (claimed == null) {
            return MessageOutcome.ACKNOWLEDGE; // another worker took this attempt
        }
        long timestamp = now().toEpochSecond();
        WebhookSender.Attempt result = sender.send(message.url, message.id, timestamp, message.payload,
                WebhookSigner.signatures(signing.signing(), message.id, timestamp, message.payload));
        return record(message, claimed, result);
    }

    /** A wait longer than one queue delay: the same message again, as late as the queue allows. */
    private MessageOutcome hop(WebhookQueueMessage queued, Duration wait) {
        if (!queue.send(queued, wait)) {
            return MessageOutcome.RETRY;
        }
        touchEnqueued(queued.messageId());
        return MessageOutcome.ACKNOWLEDGE;
    }

    /** Records the dead attempt as lost and, unless it was the last, queues the next one (the sweeper would too). */
    private MessageOutcome afterLostAttempt(WebhookMessage message, OffsetDateTime now) {
        boolean recorded;
        try {
            recorded = await(() -> attempts.recordLost(message, now));
        } catch (RuntimeException e) {
            LOG.warnf("webhook %s: database unavailable (%s); left for redelivery", message.id, e.getMessage());
            return MessageOutcome.RETRY;
        }
        if (recorded && !attempts.isLast(message)) {
            scheduleNext(message.id, message.attempts, now, message.nextAttemptAt);
        }
        return MessageOutcome.ACKNOWLEDGE;
    }

    private MessageOutcome record(WebhookMessage message, WebhookAttempts.Claimed claimed, WebhookSender.Attempt result) {
        WebhookAttempts.Completion completion;
        OffsetDateTime now = now();
        try {
            completion = await(() -> attempts.complete(message, claimed, result, now));
        } catch (RuntimeException e) {
            // The attempt is counted but its answer is not recorded: once the lease runs out it is recorded as lost
            // and the schedule goes on (at-least-once: a receiver that answered 2xx may see it again, same webhook-id).
            LOG.errorf(e, "webhook %s: the answer to attempt %d could not be recorded", message.id, claimed.attempt());
            return MessageOutcome.ACKNOWLEDGE;
        }
        if (!completion.recorded()) {
            LOG.warnf("webhook %s: attempt %d answered (%s) after it had been recorded as lost; the schedule has moved on",
                    message.id, claimed.attempt(), result.status() != null ? "HTTP " + result.status() : result.error());
            return MessageOutcome.ACKNOWLEDGE;
        }
        metrics.attempt(completion.outcome());
        LOG.debugf("webhook %s attempt %d: %s %s", message.id, claimed.attempt(), completion.outcome(),
                result.status() != null ? "HTTP " + result.status() : result.error());
        if (completion.state() == WebhookMessage.State.pending) {
            scheduleNext(message.id, claimed.attempt(), now, completion.nextAttemptAt());
        }
        return MessageOutcome.ACKNOWLEDGE;
    }

    /** The next attempt's message; if the queue refuses it, the sweeper sends it once it is due. */
    private void scheduleNext(String messageId, int attemptsSoFar, OffsetDateTime now, OffsetDateTime nextAttemptAt) {
        if (queue.send(new WebhookQueueMessage(messageId, attemptsSoFar), Duration.between(now, nextAttemptAt))) {
            touchEnqueued(messageId);
        }
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
}
