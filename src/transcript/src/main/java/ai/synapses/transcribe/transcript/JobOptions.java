package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * What a job asked for beyond its audio and language, with the contract's defaults filled in by the submit:
 * stored with the job, shown back in its status, read by the worker (speakers, text features, redaction)
 * and by the webhook outbox. A part a stored row lacks counts as off, except {@code punctuate} and
 * {@code format_text}, which count as on (the contract's default: written text); {@code webhook} is null
 * without one, {@code customSpelling} without rules.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobOptions(SpeakerAnalysis speakerAnalysis, IntelligenceFeatures intelligenceFeatures,
        PrivacySettings privacySettings, Webhook webhook, Boolean punctuate, Boolean formatText,
        List<CustomSpelling> customSpelling) {

    private static final IntelligenceFeatures NO_FEATURES = new IntelligenceFeatures(false, false, false, false);
    private static final PrivacySettings NO_REDACTION = new PrivacySettings(false, List.of(), null);

    /** Nothing beyond the words: not even written text. */
    public static final JobOptions NONE = new JobOptions(SpeakerAnalysis.OFF, NO_FEATURES, NO_REDACTION, null,
            false, false, null);

    /** Options with the text written (punctuated and formatted), the contract's default. */
    public JobOptions(SpeakerAnalysis speakerAnalysis, IntelligenceFeatures intelligenceFeatures,
            PrivacySettings privacySettings, Webhook webhook) {
        this(speakerAnalysis, intelligenceFeatures, privacySettings, webhook, null, null, null);
    }

    /** Whether the text gets sentence ends, question marks and commas (on unless turned off). */
    public boolean punctuates() {
        return !Boolean.FALSE.equals(punctuate);
    }

    /** Whether the text is cased and its numbers, dates, addresses... written (on unless turned off). */
    public boolean formatsText() {
        return !Boolean.FALSE.equals(formatText);
    }

    /** The same options with punctuation and formatting as given. */
    public JobOptions withWriting(boolean punctuate, boolean formatText) {
        return new JobOptions(speakerAnalysis, intelligenceFeatures, privacySettings, webhook, punctuate, formatText,
                customSpelling);
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
                webhook.withUrl(url), punctuate, formatText, customSpelling);
    }
}
