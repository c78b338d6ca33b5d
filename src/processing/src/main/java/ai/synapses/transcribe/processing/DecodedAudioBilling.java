package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.audioformat.AudioFileIdentity;
import ai.synapses.transcribe.billing.BillingSettings;
import ai.synapses.transcribe.billing.PaidDuration;
import ai.synapses.transcribe.decoding.DecodedAudio;
import ai.synapses.transcribe.decoding.DownloadedAudio;
import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import static ai.synapses.transcribe.queue.Blocking.await;

/**
 * The bill covers what is transcribed. The submit priced what its probe read; the worker decodes whatever the
 * URL serves now (another file, or an MP3 whose header understated its length). Between decoding and
 * recognition, where the true duration is known and nothing expensive has run yet, the decoded audio is priced
 * at the job's own factors: within what the job was charged plus {@code transcribe.billing.duration-tolerance}
 * it goes on; beyond that the difference is surcharged, or, when the balance cannot cover it, the job fails
 * before recognition (and is refunded in full by the failure). Whatever happens, the audio handed on is cut to
 * what the job's synapses buy plus the tolerance.
 */
@ApplicationScoped
public class DecodedAudioBilling {

    /** The decoded audio costs more than the job was charged and the balance cannot cover the difference. */
    public static final String INSUFFICIENT_SYNAPSES = "insufficient_synapses_for_audio";
    /** A retried job's audio is longer still than the charge its earlier attempt surcharged to. */
    public static final String CHANGED_BETWEEN_ATTEMPTS = "audio_changed_between_attempts";

    private static final Logger LOG = Logger.getLogger(DecodedAudioBilling.class);

    private final JobLifecycle lifecycle;
    private final BillingSettings settings;
    private final ObjectMapper json;

    public DecodedAudioBilling(JobLifecycle lifecycle, BillingSettings settings, ObjectMapper json) {
        if (settings.durationTolerance().isNegative()) {
            throw new IllegalArgumentException("transcribe.billing.duration-tolerance must not be negative: "
                    + settings.durationTolerance());
        }
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.json = json;
    }

    /**
     * The audio {@code job} may recognise, surcharging it first when {@code decoded} is longer than paid for.
     * Blocking (the surcharge's transaction).
     *
     * @throws JobFailure {@value #INSUFFICIENT_SYNAPSES} or {@value #CHANGED_BETWEEN_ATTEMPTS}, not retryable:
     *                    the job fails before anything is recognised
     */
    public DecodedAudio admit(TranscriptionJob job, DownloadedAudio download, DecodedAudio decoded) throws IOException {
        JsonNode probed = probed(job);
        double probedSeconds = probed.path("duration_seconds").asDouble(0);
        AudioFileIdentity submitted = new AudioFileIdentity(probed.path("size_bytes").asLong(-1),
                probed.path("etag").textValue(), probed.path("last_modified").textValue());
        List<String> changes = submitted.differencesTo(download.identity());
        if (!changes.isEmpty()) {
            LOG.infof("job %s: the file at the audio URL is not the one the submit read (%s); it is billed on its decoded"
                    + " duration, %.3f s", job.id, String.join(", ", changes), decoded.durationSeconds());
        }
        PaidDuration paid = new PaidDuration(job.price(), job.synapsesCharged, settings.durationTolerance());
        double seconds = decoded.durationSeconds();
        long owed = paid.owedFor(seconds);
        if (owed > 0) {
            surcharge(job, owed, paid.costOf(seconds), seconds, probedSeconds, changes);
        }
        return capped(job, decoded);
    }

    private void surcharge(TranscriptionJob job, long owed, long cost, double seconds, double probedSeconds,
            List<String> changes) {
        String changed = changes.isEmpty() ? ""
                : " The file at the audio URL is not the one read at submit (" + String.join(", ", changes) + ").";
        if (job.synapsesSurcharged > 0) {
            throw new JobFailure(CHANGED_BETWEEN_ATTEMPTS, String.format(Locale.ROOT, "The audio at the URL changed between"
                            + " attempts of this job: it is now %.1f s long and costs %d synapses, more than the %d charged for"
                            + " it, a surcharge of %d included. Nothing more was transcribed and the %d synapses were refunded.%s",
                    seconds, cost, job.synapsesCharged, job.synapsesSurcharged, job.synapsesCharged, changed), false, null);
        }
        String reason = String.format(Locale.ROOT, "surcharge: %.3f s decoded, %.3f s read at submit", seconds, probedSeconds);
        JobLifecycle.Surcharge result = await(() -> lifecycle.surcharge(job, owed, reason));
        switch (result.outcome()) {
            case CHARGED -> {
                LOG.infof("job %s: %.3f s decoded where the submit read %.3f s; surcharged %d synapses (charged %d in all)",
                        job.id, seconds, probedSeconds, owed, job.synapsesCharged + owed);
                job.synapsesCharged += owed;
                job.synapsesSurcharged += owed;
            }
            case INSUFFICIENT -> throw new JobFailure(INSUFFICIENT_SYNAPSES, String.format(Locale.ROOT, "The audio is %.1f s"
                            + " long and costs %d synapses, but the submit read %.1f s and charged %d; the balance of %d synapses"
                            + " cannot cover the other %d. Nothing was transcribed and the %d synapses charged were refunded.%s",
                    seconds, cost, probedSeconds, job.synapsesCharged, result.availableSynapses().orElseThrow(), owed, job.synapsesCharged,
                    changed), false, null);
            default -> throw new IllegalStateException("job " + job.id + " is no longer processing under attempt "
                    + job.attempts + " with " + job.synapsesCharged + " synapses charged; not surcharged");
        }
    }

    /** No more audio than the job's synapses buy plus the tolerance reaches recognition, whatever decided above. */
    private DecodedAudio capped(TranscriptionJob job, DecodedAudio decoded) throws IOException {
        double recognisable = new PaidDuration(job.price(), job.synapsesCharged, settings.durationTolerance())
                .recognisableSeconds();
        long maxSamples = Double.isInfinite(recognisable) ? Long.MAX_VALUE
                : (long) Math.floor(recognisable * DecodedAudio.SAMPLE_RATE);
        if (decoded.samples() <= maxSamples) {
            return decoded;
        }
        LOG.warnf("job %s: %.3f s decoded but only %.3f s paid for (tolerance included); recognising the paid part only",
                job.id, decoded.durationSeconds(), recognisable);
        return decoded.truncatedTo(maxSamples);
    }

    private JsonNode probed(TranscriptionJob job) {
        return Json.tree(json, job.audioMetadata, "the stored audio metadata of job " + job.id + " is corrupt");
    }
}
