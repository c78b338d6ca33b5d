package ai.synapses.transcribe.webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;

/**
 * The outbox's safety net. First, an attempt whose lease ran out unresolved died with its process: it is
 * recorded as lost and its event handed to the queue for the next attempt (or failed after the last; see
 * {@link WebhookAttempts}). Then a pending webhook whose attempt is overdue and that no queue message is known
 * to carry (the process died after the commit, the queue refused the send, or lost the message) is sent to
 * the queue again. At-least-once: an extra queue message claims nothing (see {@link WebhookProcessor}).
 */
@ApplicationScoped
public class WebhookSweeper {

    private static final Logger LOG = Logger.getLogger(WebhookSweeper.class);
    private static final int BATCH = 500;

    private final WebhookOutbox outbox;
    private final WebhookAttempts attempts;
    private final WebhookSettings settings;

    public WebhookSweeper(WebhookOutbox outbox, WebhookAttempts attempts, WebhookSettings settings) {
        this.outbox = outbox;
        this.attempts = attempts;
        this.settings = settings;
    }

    @Scheduled(every = "${transcribe.webhook.sweep-interval:30s}", delayed = "${transcribe.webhook.sweep-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep().replaceWithVoid();
    }

    /** Emits how many messages the queue took. */
    public Uni<Integer> sweep() {
        OffsetDateTime now = WebhookOutbox.now();
        return attempts.recordLostAttempts(now, BATCH)
                .flatMap(retrying -> retrying.isEmpty() ? Uni.createFrom().item(0)
                        : outbox.sendAll(retrying).invoke(sent ->
                                LOG.infof("webhook sweeper: %d of %d events whose attempt died with its process handed to"
                                        + " the queue for their next attempt", sent, retrying.size())))
                .flatMap(afterLoss -> overdue(now).map(sent -> afterLoss + sent));
    }

    private Uni<Integer> overdue(OffsetDateTime now) {
        OffsetDateTime cutoff = now.minus(settings.sweepGrace());
        return Panache.withSession(() -> WebhookMessage.<WebhookMessage>find(
                        "state = ?1 and nextAttemptAt < ?2 and (enqueuedAt is null or enqueuedAt < ?2)"
                                + " and (leasedUntil is null or leasedUntil < ?3) order by nextAttemptAt",
                        WebhookMessage.State.pending, cutoff, now)
                .page(0, BATCH).list())
                .flatMap(messages -> messages.isEmpty() ? Uni.createFrom().item(0)
                        : outbox.sendAll(messages).invoke(sent ->
                                LOG.infof("webhook sweeper: %d of %d overdue webhooks handed to the queue again", sent, messages.size())));
    }
}
