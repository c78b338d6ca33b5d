package ai.synapses.transcribe.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * One event to deliver to one URL (the outbox row). Its id is the {@code webhook-id} header, the same on
 * every retry so a receiver can de-duplicate. Changed only by conditional updates in {@link WebhookProcessor}.
 */
@Entity
@Table(name = "webhook_messages")
public class WebhookMessage extends PanacheEntityBase {

    public enum State {
        /** Waiting for its next attempt. */
        pending,
        /** A 2xx answer arrived. */
        delivered,
        /** The retry schedule ran out. */
        failed,
        /** The receiver answered 410 Gone: this URL gets nothing more for this transcription. */
        disabled
    }

    @Id
    public String id;

    @Column(name = "transcription_id")
    public String transcriptionId;

    @Column(name = "organization_id")
    public String organizationId;

    @Column(name = "event_type")
    public String eventType;

    public String url;

    public String payload;

    @Enumerated(EnumType.STRING)
    public State state;

    public int attempts;

    @Column(name = "schedule_step")
    public int scheduleStep;

    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    @Column(name = "leased_until")
    public OffsetDateTime leasedUntil;

    @Column(name = "enqueued_at")
    public OffsetDateTime enqueuedAt;

    @Column(name = "delivered_at")
    public OffsetDateTime deliveredAt;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
