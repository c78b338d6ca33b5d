package ai.synapses.transcribe.webhook;

import ai.synapses.transcribe.id.Ids;
import ai.synapses.transcribe.metrics.WebhookMetrics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The life of one webhook attempt in the database. The claim counts it: one transaction takes the event
 * (a conditional update on its attempt count, so duplicates and concurrent workers claim it once), advances
 * the retry schedule as if the attempt were going to fail, holds the event until the lease runs out, and
 * writes the attempt's row as {@code in_flight}. The answer then completes both. If the process dies in
 * between (a function time-out, a killed worker), the attempt is already counted: once its lease has run
 * out, {@link #recordLost} marks the row {@code lost} and releases the event to its next attempt, or fails it
 * when that was the last one. An event holds a lease exactly while one attempt is unresolved, and no
 * attempt is claimed until the previous one is resolved.
 */
@ApplicationScoped
public class WebhookAttempts {

    private static final Logger LOG = Logger.getLogger(WebhookAttempts.class);
    static final String IN_FLIGHT = "in_flight";
    static final String LOST = "lost";

    /** An attempt this process claimed: its row, its number, and its place in the schedule. */
    public record Claimed(String deliveryId, int attempt, int scheduleStep, OffsetDateTime attemptedAt) {
    }

    /** What an answer made of the event; {@code recorded} is false when the attempt had been given up as lost. */
    public record Completion(boolean recorded, String outcome, WebhookMessage.State state, OffsetDateTime nextAttemptAt) {
    }

    private final WebhookSchedule schedule;
    private final WebhookMetrics metrics;

    public WebhookAttempts(WebhookSettings settings, WebhookMetrics metrics) {
        this.schedule = new WebhookSchedule(List.copyOf(settings.retrySchedule()));
        this.metrics = metrics;
    }

    /**
     * Claims the attempt after {@code attemptsBefore} if the event is still pending, due, at that count and not
     * held. Emits null when another worker (or an earlier copy of the queue message) has it.
     */
    public Uni<Claimed> claim(WebhookMessage message, int attemptsBefore, OffsetDateTime now, Duration hold) {
        int step = message.scheduleStep + 1;
        OffsetDateTime leasedUntil = now.plus(hold);
        // where the schedule stands if this attempt fails without a word; the answer replaces it
        OffsetDateTime nextIfLost = schedule.waitAfter(step).map(leasedUntil::plus).orElse(leasedUntil);
        return Panache.withTransaction(() -> WebhookMessage.update(
                        "attempts = attempts + 1, scheduleStep = scheduleStep + 1, leasedUntil = ?1, nextAttemptAt = ?2,"
                                + " updatedAt = ?3 where id = ?4 and state = ?5 and attempts = ?6 and scheduleStep = ?7"
                                + " and nextAttemptAt <= ?3 and leasedUntil is null",
                        leasedUntil, nextIfLost, now, message.id, WebhookMessage.State.pending, attemptsBefore, message.scheduleStep)
                .flatMap(claimed -> {
                    if (claimed == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    WebhookDelivery row = new WebhookDelivery();
                    row.id = Ids.newId("whd");
                    row.messageId = message.id;
                    row.transcriptionId = message.transcriptionId;
                    row.attempt = attemptsBefore + 1;
                    row.attemptedAt = now;
                    row.url = message.url;
                    row.outcome = IN_FLIGHT;
                    return row.persist().map(ignored -> new Claimed(row.id, row.attempt, step, now));
                }));
    }

    /**
     * Records the answer to a claimed attempt: the event's new state and the attempt's row, together, unless
     * the attempt was given up as lost meanwhile (then nothing changes: the schedule has moved on without it).
     */
    public Uni<Completion> complete(WebhookMessage message, Claimed claimed, WebhookSender.Attempt result, OffsetDateTime now) {
        String outcome;
        WebhookMessage.State state;
        OffsetDateTime next = claimed.attemptedAt();
        Optional<Duration> wait = schedule.waitAfter(claimed.scheduleStep());
        if (result.delivered()) {
            outcome = WebhookMetrics.DELIVERED;
            state = WebhookMessage.State.delivered;
        } else if (result.gone()) {
            outcome = WebhookMetrics.DISABLED;
            state = WebhookMessage.State.disabled;
        } else if (wait.isPresent()) {
            outcome = WebhookMetrics.RETRYING;
            state = WebhookMessage.State.pending;
            next = now.plus(wait.get());
        } else {
            outcome = WebhookMetrics.FAILED;
            state = WebhookMessage.State.failed;
        }
        boolean delivered = state == WebhookMessage.State.delivered;
        OffsetDateTime nextAttemptAt = next;
        // the event's row first, as everywhere: the lock order that keeps a late answer and a loss apart
        return Panache.withTransaction(() -> WebhookMessage.update(
                        "state = ?1, nextAttemptAt = ?2, leasedUntil = null, updatedAt = ?3" + (delivered ? ", deliveredAt = ?3" : "")
                                + " where id = ?4 and attempts = ?5 and leasedUntil is not null",
                        state, nextAttemptAt, now, message.id, claimed.attempt())
                .flatMap(updated -> updated == 0 ? Uni.createFrom().item(false)
                        : WebhookDelivery.update("statusCode = ?1, latencyMs = ?2, outcome = ?3, error = ?4 where id = ?5"
                                        + " and outcome = ?6", result.status(), result.latencyMs(), outcome, result.error(),
                                claimed.deliveryId(), IN_FLIGHT)
                                .map(ignored -> true)))
                .map(recorded -> new Completion(recorded, outcome, state, nextAttemptAt));
    }

    /**
     * Records the unresolved attempt of an event whose lease ran out before {@code now} as lost: the event
     * goes on to its next attempt (already scheduled by the claim) or, after the last one, fails. Emits true
     * when this call recorded it; false when it was resolved already or the lease is still running.
     */
    public Uni<Boolean> recordLost(WebhookMessage message, OffsetDateTime now) {
        boolean last = isLast(message);
        return Panache.withTransaction(() -> WebhookMessage.update(
                        "state = ?1, leasedUntil = null, updatedAt = ?2 where id = ?3 and attempts = ?4 and state = ?5"
                                + " and leasedUntil < ?2",
                        last ? WebhookMessage.State.failed : WebhookMessage.State.pending, now, message.id, message.attempts,
                        WebhookMessage.State.pending)
                .flatMap(updated -> updated == 0 ? Uni.createFrom().item(false)
                        : WebhookDelivery.update("outcome = ?1, error = ?2 where messageId = ?3 and attempt = ?4 and outcome = ?5",
                                        LOST, lostError(last), message.id, message.attempts, IN_FLIGHT)
                                .map(ignored -> true)))
                .invoke(recorded -> {
                    if (recorded) {
                        metrics.attempt(WebhookMetrics.LOST);
                        LOG.warnf("webhook %s: attempt %d died with its process before its outcome was recorded; %s",
                                message.id, message.attempts, last ? "that was the last attempt: the event failed"
                                        : "the next attempt is due at " + message.nextAttemptAt);
                    }
                });
    }

    /**
     * Records every attempt whose lease ran out before {@code now} as lost (up to {@code limit}); emits the
     * events that go on to another attempt, for the caller to hand to the queue.
     */
    public Uni<List<WebhookMessage>> recordLostAttempts(OffsetDateTime now, int limit) {
        return Panache.withSession(() -> WebhookMessage.<WebhookMessage>find(
                                "state = ?1 and leasedUntil < ?2 order by leasedUntil", WebhookMessage.State.pending, now)
                        .page(0, limit).list())
                .flatMap(expired -> {
                    Uni<List<WebhookMessage>> retrying = Uni.createFrom().item(new ArrayList<>());
                    for (WebhookMessage message : expired) {
                        retrying = retrying.flatMap(list -> recordLost(message, now).map(recorded -> {
                            if (recorded && !isLast(message)) {
                                list.add(message);
                            }
                            return list;
                        }));
                    }
                    return retrying;
                });
    }

    /** Whether the event's unresolved attempt is the last of its schedule. */
    boolean isLast(WebhookMessage message) {
        return schedule.waitAfter(message.scheduleStep).isEmpty();
    }

    private static String lostError(boolean last) {
        return "worker_stopped: the process making this attempt stopped before its outcome was recorded (e.g. a function"
                + " time-out); the receiver may or may not have got it" + (last ? "; it was the last attempt" : "");
    }
}
