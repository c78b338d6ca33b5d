package ai.synapses.transcribe.webhook;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * One attempt to deliver a {@link WebhookMessage}: what the customer lists to debug their receiver. Written
 * (in flight) by the claim that counts the attempt, completed with the answer, or marked lost when the
 * process making it died (see {@link WebhookAttempts}).
 */
@Entity
@Table(name = "webhook_deliveries")
public class WebhookDelivery extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "message_id")
    public String messageId;

    @Column(name = "transcription_id")
    public String transcriptionId;

    public int attempt;

    @Column(name = "attempted_at")
    public OffsetDateTime attemptedAt;

    public String url;

    /** The receiver's HTTP status; null when no answer came (time-out, refused, forbidden address). */
    @Column(name = "status_code")
    public Integer statusCode;

    /** Null while in flight and for a lost attempt: no answer was timed. */
    @Column(name = "latency_ms")
    public Long latencyMs;

    /** in_flight, delivered, retrying, failed (schedule exhausted), disabled (410) or lost (died with its process). */
    public String outcome;

    public String error;
}
