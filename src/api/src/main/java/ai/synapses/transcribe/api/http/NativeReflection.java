package ai.synapses.transcribe.api.http;

import ai.synapses.transcribe.api.admin.AdminResource;
import ai.synapses.transcribe.api.organization.BalanceResource;
import ai.synapses.transcribe.api.transcription.TranscriptionView;
import ai.synapses.transcribe.api.transcription.TranscriptionsResource;
import ai.synapses.transcribe.audioformat.AudioMetadata;
import ai.synapses.transcribe.job.TranscriptionRequest;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.transcript.IntelligenceFeatures;
import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.PrivacySettings;
import ai.synapses.transcribe.transcript.SpeakerAnalysis;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import ai.synapses.transcribe.transcript.Utterance;
import ai.synapses.transcribe.transcript.Webhook;
import ai.synapses.transcribe.transcript.Word;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON documents of the API for a GraalVM native build (-Dnative). Quarkus registers the declared
 * return and body types of resource methods by itself; these travel inside {@code Envelope.Success.data}
 * (typed {@code Object}) or through an ObjectMapper directly, so the native image would not keep their
 * accessors without this list. The JVM build ignores it.
 */
@RegisterForReflection(targets = {
        Envelope.Success.class, Envelope.Failure.class, Envelope.Error.class, Envelope.Metadata.class, Envelope.Link.class,
        AdminResource.NewOrganization.class, AdminResource.NewKey.class, AdminResource.Credit.class,
        AdminResource.OrganizationView.class, AdminResource.KeyView.class, AdminResource.CreditView.class,
        TranscriptionView.class, TranscriptionView.Timestamps.class, TranscriptionView.Multipliers.class,
        TranscriptionView.Billing.class, TranscriptionView.JobError.class,
        TranscriptionsResource.Summary.class, TranscriptionsResource.Page.class,
        BalanceResource.Entry.class, BalanceResource.Balance.class,
        TranscriptionRequest.class, TranscriptionRequest.TranscriptionOptions.class, SpeakerAnalysis.class,
        IntelligenceFeatures.class, PrivacySettings.class, Webhook.class, JobOptions.class,
        TranscriptionResult.class, TranscriptionResult.Redaction.class, TranscriptionResult.SentenceSentiment.class,
        TranscriptionResult.Entity.class, TranscriptionResult.AutoHighlights.class, TranscriptionResult.Highlight.class,
        TranscriptionResult.Timestamp.class, Word.class, Utterance.class,
        AudioMetadata.class, JobMessage.class,
})
final class NativeReflection {
    private NativeReflection() {
    }
}
