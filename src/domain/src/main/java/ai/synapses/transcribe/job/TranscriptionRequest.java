package ai.synapses.transcribe.job;

import ai.synapses.transcribe.transcript.TextFeatureLanguages;
import ai.synapses.transcribe.transcript.CustomSpelling;
import ai.synapses.transcribe.transcript.IntelligenceFeatures;
import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.PiiPolicies;
import ai.synapses.transcribe.transcript.PrivacySettings;
import ai.synapses.transcribe.transcript.SpeakerAnalysis;
import ai.synapses.transcribe.transcript.Webhook;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The customer's request, exactly as the contract nests it (JSON names are the snake_case forms).
 * Optional objects and flags are null when absent; {@link TranscriptionRequestValidator} checks
 * them and {@link #withDefaults()} fills in what the contract says the defaults are.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TranscriptionRequest(
        String organizationId,
        TranscriptionOptions transcriptionOptions,
        SpeakerAnalysis speakerAnalysis,
        IntelligenceFeatures intelligenceFeatures,
        PrivacySettings privacySettings,
        Webhook webhook,
        String priority,
        Boolean punctuate,
        Boolean formatText,
        List<CustomSpelling> customSpelling) {

    /** The request without {@code punctuate}, {@code format_text} (both then on) and custom spelling. */
    public TranscriptionRequest(String organizationId, TranscriptionOptions transcriptionOptions,
            SpeakerAnalysis speakerAnalysis, IntelligenceFeatures intelligenceFeatures, PrivacySettings privacySettings,
            Webhook webhook, String priority) {
        this(organizationId, transcriptionOptions, speakerAnalysis, intelligenceFeatures, privacySettings, webhook,
                priority, null, null, null);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TranscriptionOptions(String audioUrl, String language) {
    }

    /** The same request with every default of the contract made explicit. */
    public TranscriptionRequest withDefaults() {
        SpeakerAnalysis speakers = speakerAnalysis == null ? new SpeakerAnalysis(false, null)
                : new SpeakerAnalysis(isTrue(speakerAnalysis.diarizationEnabled()), speakerAnalysis.speakersExpectedCount());
        IntelligenceFeatures features = intelligenceFeatures == null ? new IntelligenceFeatures(false, false, false, false)
                : new IntelligenceFeatures(isTrue(intelligenceFeatures.sentimentAnalysisEnabled()),
                        isTrue(intelligenceFeatures.entityDetectionEnabled()),
                        isTrue(intelligenceFeatures.autoHighlightsEnabled()),
                        isTrue(intelligenceFeatures.summarizationEnabled()));
        PrivacySettings privacy;
        if (privacySettings == null || !isTrue(privacySettings.piiRedactionEnabled())) {
            privacy = new PrivacySettings(false, List.of(), null);
        } else {
            List<String> policies = privacySettings.piiPolicies() == null || privacySettings.piiPolicies().isEmpty()
                    ? PiiPolicies.ALL
                    : privacySettings.piiPolicies().stream().distinct().toList();
            String substitution = privacySettings.piiSubstitution() == null ? PiiPolicies.SUBSTITUTION_HASH
                    : privacySettings.piiSubstitution();
            privacy = new PrivacySettings(true, policies, substitution);
        }
        Webhook hook = webhook == null ? null
                : new Webhook(webhook.url(), webhook.events() == null || webhook.events().isEmpty()
                        ? WebhookEvents.ALL : webhook.events().stream().distinct().toList());
        TranscriptionOptions transcription = new TranscriptionOptions(transcriptionOptions.audioUrl(),
                transcriptionOptions.language().toLowerCase(java.util.Locale.ROOT));
        List<CustomSpelling> spelling = customSpelling == null || customSpelling.isEmpty() ? null
                : customSpelling.stream().map(rule -> new CustomSpelling(rule.from().stream().map(String::strip).toList(),
                        rule.to().strip())).toList();
        return new TranscriptionRequest(organizationId, transcription, speakers, features, privacy, hook,
                priority == null ? "normal" : priority,
                punctuate == null ? TextFeatureLanguages.writesByDefault(transcription.language()) : punctuate,
                formatText == null ? TextFeatureLanguages.writesByDefault(transcription.language()) : formatText,
                spelling);
    }

    /** What the job keeps of the request besides its audio, language and priority; call on {@link #withDefaults()}. */
    public JobOptions jobOptions() {
        return new JobOptions(speakerAnalysis, intelligenceFeatures, privacySettings, webhook, punctuate, formatText,
                customSpelling);
    }

    private static boolean isTrue(Boolean flag) {
        return Boolean.TRUE.equals(flag);
    }
}
