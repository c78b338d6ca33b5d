package ai.synapses.transcribe.webhook;

import ai.synapses.transcribe.id.Ids;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.json.Json;
import ai.synapses.transcribe.transcript.Webhook;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The webhook outbox. {@link #record} runs inside the transaction that completes or fails a job, so the
 * event exists exactly when the status does; {@link #dispatch} hands it to the queue after the commit.
 * If the process dies in between, {@link WebhookSweeper} sends it later. Nothing here can change a job's
 * status or bill: webhook failures stay in the webhook tables.
 */
@ApplicationScoped
public class WebhookOutbox {

    private static final Logger LOG = Logger.getLogger(WebhookOutbox.class);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final WebhookQueue queue;
    private final WebhookSettings settings;
    private final ObjectMapper json;
    private final Vertx vertx;

    public WebhookOutbox(WebhookQueue queue, WebhookSettings settings, ObjectMapper json, Vertx vertx) {
        this.queue = queue;
        this.settings = settings;
        this.json = json;
        this.vertx = vertx;
    }

    /**
     * Inserts the event's message when the job asked for a webhook with this event; call it in the
     * transaction of the status change. {@code job} holds the values before the change.
     */
    public Uni<Void> record(TranscriptionJob job, String eventType, String status, String errorCode, String errorMessage,
            OffsetDateTime at) {
        Webhook webhook = job.options == null ? null : job.options.webhook();
        if (webhook == null || webhook.url() == null || !webhook.subscribes(eventType)) {
            return Uni.createFrom().voidItem();
        }
        WebhookMessage message = new WebhookMessage();
        message.id = Ids.newId("msg");
        message.transcriptionId = job.id;
        message.organizationId = job.organizationId;
        message.eventType = eventType;
        message.url = webhook.url();
        message.payload = payload(eventType, job, status, errorCode, errorMessage, at);
        message.state = WebhookMessage.State.pending;
        message.nextAttemptAt = at;
        message.createdAt = at;
        message.updatedAt = at;
        return message.persist().replaceWithVoid();
    }

    /** After the commit: sends the transcription's never-sent messages to the queue. Never fails. */
    public Uni<Void> dispatch(String transcriptionId) {
        return Panache.withSession(() -> WebhookMessage.<WebhookMessage>list(
                        "transcriptionId = ?1 and state = ?2 and enqueuedAt is null", transcriptionId, WebhookMessage.State.pending))
                .flatMap(this::sendAll)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("webhook for %s not handed to the queue yet (%s); the sweeper will", transcriptionId, e.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }

    /** Sends each message (due now: no delay) and notes when the queue took it. */
    Uni<Integer> sendAll(List<WebhookMessage> messages) {
        Uni<Integer> sent = Uni.createFrom().item(0);
        for (WebhookMessage message : messages) {
            sent = sent.flatMap(count -> vertx.executeBlocking(Uni.createFrom().item(() ->
                            queue.send(new WebhookQueueMessage(message.id, message.attempts), Duration.ZERO)), false)
                    .flatMap(accepted -> !accepted ? Uni.createFrom().item(count)
                            : Panache.withTransaction(() -> WebhookMessage.update("enqueuedAt = ?1 where id = ?2",
                                    now(), message.id)).map(updated -> count + 1)));
        }
        return sent;
    }

    /**
     * After the transcription's {@code DELETE}: its events and their attempts keep only {@code hostOnly} of the
     * URL, and an event still pending gets no further attempt ({@code disabled}). Call it in the deleting
     * transaction.
     */
    public Uni<Void> forgetUrl(String transcriptionId, String hostOnly) {
        OffsetDateTime now = now();
        return WebhookMessage.update("state = ?1, leasedUntil = null, updatedAt = ?2 where transcriptionId = ?3 and state = ?4",
                        WebhookMessage.State.disabled, now, transcriptionId, WebhookMessage.State.pending)
                .call(() -> WebhookMessage.update("url = ?1 where transcriptionId = ?2", hostOnly, transcriptionId))
                .call(() -> WebhookDelivery.update("url = ?1 where transcriptionId = ?2", hostOnly, transcriptionId))
                .replaceWithVoid();
    }

    /**
     * The body: compact JSON in the Standard Webhooks shape ({@code type}, {@code timestamp}, {@code data}).
     * No transcript: the receiver fetches it from the status link with its API key, so a leaked webhook
     * body leaks nothing but an id.
     */
    String payload(String eventType, TranscriptionJob job, String status, String errorCode, String errorMessage,
            OffsetDateTime at) {
        ObjectNode root = json.createObjectNode();
        root.put("type", eventType);
        root.put("timestamp", TIMESTAMP.format(at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS)));
        ObjectNode data = root.putObject("data");
        data.put("transcription_id", job.id);
        data.put("organization_id", job.organizationId);
        data.put("status", status);
        data.put("check_status", settings.publicBaseUrl().map(base -> base.replaceAll("/+$", "")).orElse("")
                + "/v1/audio/transcriptions/" + job.id);
        if (errorCode != null) {
            ObjectNode error = data.putObject("error");
            error.put("code", errorCode);
            error.put("message", errorMessage);
        }
        return Json.write(json, root);
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
