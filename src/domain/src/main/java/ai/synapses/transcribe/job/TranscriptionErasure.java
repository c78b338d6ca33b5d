package ai.synapses.transcribe.job;

import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.idempotency.IdempotencyKeys;
import ai.synapses.transcribe.json.Json;
import ai.synapses.transcribe.webhook.WebhookOutbox;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code DELETE} of a finished transcription: its transcript goes, and so does everything its URLs said
 * beyond their hosts. An audio URL is often pre-signed (its path and query are a credential) and a webhook
 * URL may carry a token, so both keep only {@code https://host[:port]}: on the job, in its webhook events
 * and attempts, and in the stored answer an idempotent replay would give. A webhook event still pending is
 * not delivered any more. The billing stays. One transaction: the customer never sees half of it.
 */
@ApplicationScoped
public class TranscriptionErasure {

    private final TranscriptionStore store;
    private final WebhookOutbox webhooks;
    private final IdempotencyKeys idempotencyKeys;
    private final ObjectMapper json;

    public TranscriptionErasure(TranscriptionStore store, WebhookOutbox webhooks, IdempotencyKeys idempotencyKeys,
            ObjectMapper json) {
        this.store = store;
        this.webhooks = webhooks;
        this.idempotencyKeys = idempotencyKeys;
        this.json = json;
    }

    /** Not found for anyone but the owner; a conflict while the job is queued or processing. Deleting again changes nothing more. */
    public Uni<TranscriptionJob> deleteContent(String organizationId, String transcriptionId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Panache.withTransaction(() -> store.owned(organizationId, transcriptionId).flatMap(job -> {
            String audioHost = hostOnly(job.audioUrl);
            String webhookUrl = job.options == null || job.options.webhook() == null ? null : job.options.webhook().url();
            String webhookHost = webhookUrl == null ? null : hostOnly(webhookUrl);
            Map<String, String> forgotten = new LinkedHashMap<>();
            forgotten.put(job.audioUrl, audioHost);
            if (webhookUrl != null) {
                forgotten.put(webhookUrl, webhookHost);
            }
            return store.eraseContent(transcriptionId, audioHost,
                            webhookHost == null ? job.options : job.options.withWebhookUrl(webhookHost), now)
                    .flatMap(erased -> {
                        if (!erased) {
                            throw new DomainException(ErrorKind.CONFLICT, "transcription_not_finished",
                                    "a transcription can be deleted once it is completed, failed or cancelled; this one is "
                                            + job.status, "transcription_id");
                        }
                        return webhookHost == null ? Uni.createFrom().voidItem() : webhooks.forgetUrl(transcriptionId, webhookHost);
                    })
                    .call(() -> idempotencyKeys.forgetStoredValues(organizationId,
                            TranscriptionSubmission.location(job), jsonStrings(forgotten)))
                    .flatMap(ignored -> store.reload(transcriptionId));
        }));
    }

    /**
     * {@code https://host[:port]}: whom the URL named, without what it asked for. Anything unreadable is
     * forgotten whole.
     */
    static String hostOnly(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return "";
            }
            String authority = uri.getRawAuthority();
            return uri.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1);
        } catch (URISyntaxException e) {
            return "";
        }
    }

    /** The values as they appear in stored JSON documents, quotes included, so only whole string values match. */
    private Map<String, String> jsonStrings(Map<String, String> values) {
        Map<String, String> encoded = new LinkedHashMap<>();
        values.forEach((from, to) -> {
            if (!from.equals(to)) {
                encoded.put(Json.write(json, from), Json.write(json, to));
            }
        });
        return encoded;
    }
}
