package ai.synapses.transcribe.webhook;

import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.job.TranscriptionStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;

/** What a customer sees of their webhooks, and asking for one again. */
@ApplicationScoped
public class WebhookRedelivery {

    /** A transcription's webhook events and every attempt, oldest first. */
    public record History(List<WebhookMessage> messages, List<WebhookDelivery> deliveries) {
    }

    private final WebhookOutbox outbox;
    private final TranscriptionStore transcriptions;

    public WebhookRedelivery(WebhookOutbox outbox, TranscriptionStore transcriptions) {
        this.outbox = outbox;
        this.transcriptions = transcriptions;
    }

    /** Not found for anyone but the owner. */
    public Uni<History> history(String organizationId, String transcriptionId) {
        return Panache.withSession(() -> transcriptions.owned(organizationId, transcriptionId)
                .flatMap(job -> WebhookMessage.<WebhookMessage>list("transcriptionId = ?1 order by createdAt, id", transcriptionId))
                .flatMap(messages -> WebhookDelivery.<WebhookDelivery>list(
                                "transcriptionId = ?1 order by attemptedAt, attempt, id", transcriptionId)
                        .map(deliveries -> new History(messages, deliveries))));
    }

    /**
     * Starts the retry schedule again for every delivered or failed event of the transcription (same
     * webhook-id, so a receiver that already has it can tell). A conflict when there is nothing to send again:
     * no event yet, one still under way, or a receiver that answered 410 Gone; gone once the transcription
     * was deleted (its webhook URL is forgotten).
     */
    public Uni<History> redeliver(String organizationId, String transcriptionId) {
        OffsetDateTime now = WebhookOutbox.now();
        return Panache.withTransaction(() -> transcriptions.owned(organizationId, transcriptionId)
                        .invoke(job -> {
                            if (job.contentDeletedAt != null) {
                                throw new DomainException(ErrorKind.GONE, "transcription_content_deleted", "the transcription was deleted,"
                                        + " and with it its webhook URL; there is nowhere to deliver to", "transcription_id");
                            }
                        })
                        .flatMap(job -> WebhookMessage.<WebhookMessage>list("transcriptionId = ?1", transcriptionId))
                        .flatMap(messages -> {
                            if (messages.isEmpty()) {
                                throw new DomainException(ErrorKind.CONFLICT, "no_webhook_event", "transcription " + transcriptionId
                                        + " has no webhook event to deliver: it has no webhook, is not finished yet, or its"
                                        + " webhook's events leave this outcome out", "transcription_id");
                            }
                            return WebhookMessage.update("state = ?1, scheduleStep = 0, nextAttemptAt = ?2, leasedUntil = null,"
                                            + " enqueuedAt = null, updatedAt = ?2 where transcriptionId = ?3 and state in (?4, ?5)",
                                    WebhookMessage.State.pending, now, transcriptionId, WebhookMessage.State.delivered,
                                    WebhookMessage.State.failed)
                                    .map(reset -> {
                                        if (reset == 0) {
                                            boolean gone = messages.stream().anyMatch(m -> m.state == WebhookMessage.State.disabled);
                                            throw gone
                                                    ? new DomainException(ErrorKind.CONFLICT, "webhook_disabled", "the receiver answered 410 Gone;"
                                                            + " this URL gets nothing more for this transcription", "transcription_id")
                                                    : new DomainException(ErrorKind.CONFLICT, "webhook_delivery_in_progress",
                                                            "the webhook is still being delivered; see its attempts", "transcription_id");
                                        }
                                        return reset;
                                    });
                        }))
                .call(reset -> outbox.dispatch(transcriptionId))
                .flatMap(reset -> history(organizationId, transcriptionId));
    }
}
