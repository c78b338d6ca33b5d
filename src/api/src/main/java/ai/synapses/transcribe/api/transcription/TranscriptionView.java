package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.job.ProgressSettings;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.job.TranscriptionStatus;
import ai.synapses.transcribe.json.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** A job as the customer sees it: {@code data}, {@code billing} and {@code actions} of the envelope. */
@ApplicationScoped
public class TranscriptionView {

    public static final String CURRENCY = "synapses";

    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final ProgressSettings progressSettings;

    public TranscriptionView(ObjectMapper json, ProgressSettings progressSettings) {
        this.json = json;
        this.progressSettings = progressSettings;
    }

    public record Timestamps(OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime startedAt,
            OffsetDateTime completedAt) {
    }

    /** Shown as plain numbers (1.5, not 1.500000 as stored). */
    public record Multipliers(double base, double organization, double priority) {
        static Multipliers of(BigDecimal base, BigDecimal organization, BigDecimal priority) {
            return new Multipliers(base.doubleValue(), organization.doubleValue(), priority.doubleValue());
        }
    }

    /** {@code synapsesCharged} is the submit's debit plus {@code synapsesSurcharged}, charged by the worker for longer audio. */
    public record Billing(long synapsesConsumed, long synapsesRefunded, long synapsesCharged, long synapsesSurcharged,
            String transactionId, String currency, Multipliers multipliers) {
    }

    public record JobError(String code, String message) {
    }

    public Map<String, Object> data(TranscriptionJob job) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("transcription_id", job.id);
        data.put("organization_id", job.organizationId);
        data.put("status", job.status.name());
        data.put("progress", job.status == TranscriptionStatus.completed ? 100 : job.progress);
        if (job.status == TranscriptionStatus.processing) {
            data.put("estimated_completion_at", estimatedCompletion(job));
        }
        data.put("model_key", job.modelKey);
        data.put("language", job.language);
        data.put("priority", job.priority);
        data.put("transcription_options", Map.of("audio_url", job.audioUrl, "language", job.language));
        // speaker_analysis, intelligence_features, privacy_settings, webhook
        data.putAll(fields(job.options));
        data.put("audio_metadata", tree(job.audioMetadata));
        if (job.result != null) {
            // the transcript and its text features; a redaction's privacy_settings take the request's place
            data.putAll(fields(job.result));
        }
        if (job.contentDeletedAt != null) {
            data.put("content_deleted_at", job.contentDeletedAt);
        }
        if (job.status == TranscriptionStatus.failed && job.errorCode != null) {
            data.put("error", new JobError(job.errorCode, job.errorMessage));
        }
        data.put("timestamps", new Timestamps(job.createdAt, job.updatedAt, job.startedAt, job.completedAt));
        return data;
    }

    public Billing billing(TranscriptionJob job) {
        return new Billing(job.synapsesCharged - job.synapsesRefunded, job.synapsesRefunded, job.synapsesCharged,
                job.synapsesSurcharged, job.transactionId, CURRENCY,
                Multipliers.of(job.multiplierBase, job.multiplierOrganization, job.multiplierPriority));
    }

    public Map<String, Envelope.Link> actions(TranscriptionJob job) {
        return Map.of("check_status", new Envelope.Link("GET", "/v1/audio/transcriptions/" + job.id));
    }

    /**
     * Extrapolated from the time the job took to reach its current progress; before any chunk finished,
     * from the audio's duration and the engine's expected real-time factor. Never in the past: an
     * overdue job is expected "now".
     */
    OffsetDateTime estimatedCompletion(TranscriptionJob job) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime started = job.startedAt == null ? now : job.startedAt;
        OffsetDateTime estimate;
        if (job.progress > 0 && job.progressUpdatedAt != null) {
            long elapsedMillis = Math.max(0, Duration.between(started, job.progressUpdatedAt).toMillis());
            estimate = started.plus(Duration.ofMillis(elapsedMillis * 100 / job.progress));
        } else {
            double seconds = tree(job.audioMetadata).path("duration_seconds").asDouble(0);
            estimate = started.plus(Duration.ofMillis((long) (seconds * progressSettings.expectedRealTimeFactor() * 1000)));
        }
        return estimate.isBefore(now) ? now : estimate;
    }

    /** A record's JSON properties in their order, as the records' annotations name and leave them out. */
    private Map<String, Object> fields(Object document) {
        return document == null ? Map.of() : json.convertValue(document, FIELDS);
    }

    private JsonNode tree(String document) {
        return Json.tree(json, document, "stored JSON of a transcription is corrupt");
    }
}
