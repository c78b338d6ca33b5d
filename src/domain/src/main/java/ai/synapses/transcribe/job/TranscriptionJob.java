package ai.synapses.transcribe.job;

import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A transcription from submit to settlement. Status changes are conditional updates, never blind writes. */
@Entity
@Table(name = "transcriptions")
public class TranscriptionJob extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "organization_id")
    public String organizationId;

    @Enumerated(EnumType.STRING)
    public TranscriptionStatus status;

    @Column(name = "model_key")
    public String modelKey;

    public String language;

    public String priority;

    @Column(name = "audio_url")
    public String audioUrl;

    /** The request's options with defaults filled in ({@code jsonb}). */
    @JdbcTypeCode(SqlTypes.JSON)
    public JobOptions options;

    /** What the audio probe found, as JSON. */
    @Column(name = "audio_metadata")
    public String audioMetadata;

    /** Everything the job was charged: the submit's debit plus any surcharge. */
    @Column(name = "synapses_charged")
    public long synapsesCharged;

    /** The part of {@link #synapsesCharged} charged after the submit, for audio longer than the probe read. */
    @Column(name = "synapses_surcharged")
    public long synapsesSurcharged;

    @Column(name = "synapses_refunded")
    public long synapsesRefunded;

    @Column(name = "rate_per_second")
    public BigDecimal ratePerSecond;

    @Column(name = "multiplier_base")
    public BigDecimal multiplierBase;

    @Column(name = "multiplier_org")
    public BigDecimal multiplierOrganization;

    @Column(name = "multiplier_priority")
    public BigDecimal multiplierPriority;

    /** The debit's ledger id. */
    @Column(name = "transaction_id")
    public String transactionId;

    /** Null until the queue acknowledged the job's message (transactional outbox). */
    @Column(name = "enqueued_at")
    public OffsetDateTime enqueuedAt;

    @Column(name = "send_attempts")
    public int sendAttempts;

    @Column(name = "last_send_error")
    public String lastSendError;

    public int attempts;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    /** The transcript and text features once completed ({@code jsonb}); null before, and after its erasure. */
    @JdbcTypeCode(SqlTypes.JSON)
    public TranscriptionResult result;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "completed_at")
    public OffsetDateTime completedAt;

    @Column(name = "content_deleted_at")
    public OffsetDateTime contentDeletedAt;

    /** Percent of the audio recognised; only ever raised (see {@link JobProgress}). */
    public int progress;

    @Column(name = "progress_updated_at")
    public OffsetDateTime progressUpdatedAt;

    /** The submit's request id, for the worker's log lines. */
    @Column(name = "request_id")
    public String requestId;

    /** The price this job was charged at, to apply to the decoded duration at settlement. */
    public ai.synapses.transcribe.billing.Price price() {
        return new ai.synapses.transcribe.billing.Price(synapsesCharged, ratePerSecond, multiplierBase,
                multiplierOrganization, multiplierPriority);
    }
}
