package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * What a job asked for beyond its audio and language, with the contract's defaults filled in by the submit:
 * stored with the job, shown back in its status, read by the worker (speakers, text features, redaction)
 * and by the webhook outbox. A part a stored row lacks counts as off; {@code webhook} is null without one,
 * {@code customSpelling} without rules.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobOptions(SpeakerAnalysis speakerAnalysis, IntelligenceFeatures intelligenceFeatures,
        PrivacySettings privacySettings, Webhook webhook, List<CustomSpelling> customSpelling) {

    private static final IntelligenceFeatures NO_FEATURES = new IntelligenceFeatures(false, false, false, false);
    private static final PrivacySettings NO_REDACTION = new PrivacySettings(false, List.of(), null);

    /** Nothing beyond the words. */
    public static final JobOptions NONE = new JobOptions(SpeakerAnalysis.OFF, NO_FEATURES, NO_REDACTION, null);

    /** Options without custom spelling. */
    public JobOptions(SpeakerAnalysis speakerAnalysis, IntelligenceFeatures intelligenceFeatures,
            PrivacySettings privacySettings, Webhook webhook) {
        this(speakerAnalysis, intelligenceFeatures, privacySettings, webhook, null);
    }

    public SpeakerAnalysis speakers() {
        return speakerAnalysis == null ? SpeakerAnalysis.OFF : speakerAnalysis;
    }

    public IntelligenceFeatures features() {
        return intelligenceFeatures == null ? NO_FEATURES : intelligenceFeatures;
    }

    public PrivacySettings privacy() {
        return privacySettings == null ? NO_REDACTION : privacySettings;
    }

    /** The spelling rules, in the order given; empty without any. */
    public List<CustomSpelling> spellings() {
        return customSpelling == null ? List.of() : customSpelling;
    }

    /** Whether PII is redacted: asked for, with at least one policy. */
    public boolean redacts() {
        PrivacySettings p = privacy();
        return Boolean.TRUE.equals(p.piiRedactionEnabled()) && p.piiPolicies() != null && !p.piiPolicies().isEmpty();
    }

    /** The same options with the webhook sent to {@code url}; unchanged without a webhook. */
    public JobOptions withWebhookUrl(String url) {
        return webhook == null ? this : new JobOptions(speakerAnalysis, intelligenceFeatures, privacySettings,
                webhook.withUrl(url), customSpelling);
    }
}
