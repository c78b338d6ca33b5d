package ai.synapses.transcribe.job;

import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.transcript.CustomSpelling;
import ai.synapses.transcribe.transcript.EngineSettings;
import ai.synapses.transcribe.transcript.IntelligenceFeatures;
import ai.synapses.transcribe.transcript.PiiPolicies;
import ai.synapses.transcribe.transcript.PrivacySettings;
import ai.synapses.transcribe.transcript.SpeakerAnalysis;
import ai.synapses.transcribe.transcript.TextFeatureLanguages;
import ai.synapses.transcribe.transcript.Webhook;
import ai.synapses.transcribe.transcript.WordText;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every rule a submit must pass before anything is fetched or charged. Each refusal names the
 * offending field by its JSON path, with a stable code.
 */
@ApplicationScoped
public class TranscriptionRequestValidator {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_SPELLING_RULES = 100;
    static final int MAX_SPELLING_LENGTH = 100;
    static final int MAX_PHRASE_WORDS = 10;
    private static final Set<String> PRIORITIES = Set.of("normal", "high", "urgent");

    private final EngineSettings engine;

    public TranscriptionRequestValidator(EngineSettings engine) {
        this.engine = engine;
    }

    public void validate(TranscriptionRequest request) {
        String orgId = request.organizationId();
        if (orgId == null) {
            throw missing("organization_id");
        }
        if (!orgId.matches("org_[A-Za-z0-9_]{1,64}")) {
            throw DomainException.invalid("invalid_organization_id",
                    "organization_id must be an org_ prefixed id such as org_abc123def456", "organization_id");
        }
        TranscriptionRequest.TranscriptionOptions options = request.transcriptionOptions();
        if (options == null) {
            throw missing("transcription_options");
        }
        validateAudioUrl(options.audioUrl());
        validateLanguage(options.language());
        if (request.priority() != null && !PRIORITIES.contains(request.priority())) {
            throw DomainException.invalid("invalid_priority", "priority must be one of normal, high, urgent", "priority");
        }
        validateSpeakers(request.speakerAnalysis());
        validatePrivacy(request.privacySettings());
        validateWebhook(request.webhook());
        validateCustomSpelling(request.customSpelling());
        validateFeatureLanguages(request, options.language().toLowerCase(Locale.ROOT));
    }

    /**
     * A text feature asked for in a language it has no resources for is refused, naming the feature and the
     * language ({@link TextFeatureLanguages}); written text, on by default in English, is off by default elsewhere.
     */
    private static void validateFeatureLanguages(TranscriptionRequest request, String language) {
        IntelligenceFeatures features = request.intelligenceFeatures();
        Map<String, Boolean> asked = new LinkedHashMap<>();
        if (features != null) {
            asked.put("intelligence_features.sentiment_analysis_enabled", features.sentimentAnalysisEnabled());
            asked.put("intelligence_features.entity_detection_enabled", features.entityDetectionEnabled());
            asked.put("intelligence_features.auto_highlights_enabled", features.autoHighlightsEnabled());
            asked.put("intelligence_features.summarization_enabled", features.summarizationEnabled());
        }
        if (request.privacySettings() != null) {
            asked.put("privacy_settings.pii_redaction_enabled", request.privacySettings().piiRedactionEnabled());
        }
        asked.put("punctuate", request.punctuate());
        asked.put("format_text", request.formatText());
        asked.forEach((field, on) -> {
            if (Boolean.TRUE.equals(on) && !TextFeatureLanguages.supports(field, language)) {
                throw new DomainException(ErrorKind.INVALID, "feature_not_available_for_language", field + " is available for "
                        + String.join(", ", new TreeSet<>(TextFeatureLanguages.BY_FIELD.get(field))) + " audio only, not "
                        + language, field, Map.of("language", language));
            }
        });
    }

    /**
     * {@code custom_spelling}: at most {@value #MAX_SPELLING_RULES} rules, each with at least one {@code from} word or
     * phrase (up to {@value #MAX_PHRASE_WORDS} words, {@value #MAX_SPELLING_LENGTH} characters, with a letter or
     * digit) and a {@code to}; a phrase in two rules would make the result depend on their order, so it is refused.
     */
    private static void validateCustomSpelling(List<CustomSpelling> rules) {
        if (rules == null) {
            return;
        }
        if (rules.size() > MAX_SPELLING_RULES) {
            throw DomainException.invalid("too_many_custom_spelling_rules",
                    "custom_spelling takes at most " + MAX_SPELLING_RULES + " rules", "custom_spelling");
        }
        Map<List<String>, String> seen = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            String at = "custom_spelling[" + i + "]";
            CustomSpelling rule = rules.get(i);
            if (rule == null) {
                throw DomainException.invalid("invalid_custom_spelling", at + " must be an object with from and to", at);
            }
            if (rule.from() == null) {
                throw missing(at + ".from");
            }
            if (rule.to() == null) {
                throw missing(at + ".to");
            }
            if (rule.from().isEmpty()) {
                throw DomainException.invalid("invalid_custom_spelling", at + ".from needs at least one word or phrase",
                        at + ".from");
            }
            for (int j = 0; j < rule.from().size(); j++) {
                String field = at + ".from[" + j + "]";
                String phrase = rule.from().get(j);
                List<String> words = phrase == null ? List.of() : WordText.phrase(phrase);
                if (words.isEmpty() || phrase.length() > MAX_SPELLING_LENGTH || words.size() > MAX_PHRASE_WORDS) {
                    throw DomainException.invalid("invalid_custom_spelling", field + " must be a word or a phrase of up to "
                            + MAX_PHRASE_WORDS + " words and " + MAX_SPELLING_LENGTH + " characters", field);
                }
                String before = seen.putIfAbsent(words, field);
                if (before != null) {
                    throw DomainException.invalid("duplicate_custom_spelling",
                            field + " repeats " + before + " ('" + phrase.strip() + "'); a word or phrase may have one spelling",
                            field);
                }
            }
            if (rule.to().isBlank() || rule.to().length() > MAX_SPELLING_LENGTH) {
                throw DomainException.invalid("invalid_custom_spelling",
                        at + ".to must be 1 to " + MAX_SPELLING_LENGTH + " characters, not only spaces", at + ".to");
            }
        }
    }

    private void validateAudioUrl(String audioUrl) {
        String field = "transcription_options.audio_url";
        if (audioUrl == null) {
            throw missing(field);
        }
        if (audioUrl.length() > MAX_URL_LENGTH) {
            throw DomainException.invalid("audio_url_too_long", "audio_url is longer than " + MAX_URL_LENGTH + " characters", field);
        }
        URI uri = parseHttpsUrl(audioUrl, field, "audio_url");
        if (uri.getRawUserInfo() != null) {
            throw DomainException.invalid("audio_url_has_credentials",
                    "audio_url must not carry credentials (user:password@); use a pre-signed URL instead", field);
        }
    }

    private void validateLanguage(String language) {
        String field = "transcription_options.language";
        if (language == null) {
            throw missing(field);
        }
        String code = language.toLowerCase(Locale.ROOT);
        if (!EngineSettings.CONTRACT_LANGUAGES.contains(code)) {
            throw DomainException.invalid("unsupported_language",
                    "language must be one of en, es, fr, de (use en when unsure)", field);
        }
        if (!engine.languages().contains(code)) {
            throw DomainException.invalid("language_not_available",
                    "this deployment has speech models for: " + String.join(", ", engine.languages()), field);
        }
    }

    private static void validateSpeakers(SpeakerAnalysis speakers) {
        if (speakers == null || speakers.speakersExpectedCount() == null) {
            return;
        }
        String field = "speaker_analysis.speakers_expected_count";
        int count = speakers.speakersExpectedCount();
        if (count < 1 || count > 10) {
            throw DomainException.invalid("invalid_speakers_expected_count", "speakers_expected_count must be between 1 and 10", field);
        }
        if (!Boolean.TRUE.equals(speakers.diarizationEnabled())) {
            throw DomainException.invalid("diarization_not_enabled",
                    "speakers_expected_count needs diarization_enabled: true", field);
        }
    }

    private static void validatePrivacy(PrivacySettings privacy) {
        if (privacy == null) {
            return;
        }
        if (privacy.piiSubstitution() != null) {
            if (!PiiPolicies.SUBSTITUTIONS.contains(privacy.piiSubstitution())) {
                throw DomainException.invalid("invalid_pii_substitution",
                        "pii_substitution must be one of: " + String.join(", ", PiiPolicies.SUBSTITUTIONS),
                        "privacy_settings.pii_substitution");
            }
            if (!Boolean.TRUE.equals(privacy.piiRedactionEnabled())) {
                throw DomainException.invalid("pii_redaction_not_enabled",
                        "pii_substitution needs pii_redaction_enabled: true", "privacy_settings.pii_substitution");
            }
        }
        if (privacy.piiPolicies() == null) {
            return;
        }
        List<String> policies = privacy.piiPolicies();
        for (int i = 0; i < policies.size(); i++) {
            String policy = policies.get(i);
            if (policy == null || !PiiPolicies.ALL.contains(policy)) {
                throw DomainException.invalid("unknown_pii_policy",
                        "unknown PII policy '" + policy + "'; known policies: " + String.join(", ", PiiPolicies.ALL),
                        "privacy_settings.pii_policies[" + i + "]");
            }
        }
        if (!policies.isEmpty() && !Boolean.TRUE.equals(privacy.piiRedactionEnabled())) {
            throw DomainException.invalid("pii_redaction_not_enabled",
                    "pii_policies need pii_redaction_enabled: true", "privacy_settings.pii_policies");
        }
    }

    private static void validateWebhook(Webhook webhook) {
        if (webhook == null) {
            return;
        }
        if (webhook.url() == null) {
            throw missing("webhook.url");
        }
        if (webhook.url().length() > MAX_URL_LENGTH) {
            throw DomainException.invalid("webhook_url_too_long", "webhook.url is longer than " + MAX_URL_LENGTH + " characters", "webhook.url");
        }
        URI uri = parseHttpsUrl(webhook.url(), "webhook.url", "webhook_url");
        if (uri.getRawUserInfo() != null) {
            throw DomainException.invalid("webhook_url_has_credentials", "webhook.url must not carry credentials", "webhook.url");
        }
        if (webhook.events() != null) {
            for (int i = 0; i < webhook.events().size(); i++) {
                String event = webhook.events().get(i);
                if (event == null || !WebhookEvents.ALL.contains(event)) {
                    throw DomainException.invalid("unknown_webhook_event",
                            "unknown webhook event '" + event + "'; events: " + String.join(", ", WebhookEvents.ALL),
                            "webhook.events[" + i + "]");
                }
            }
        }
    }

    private static URI parseHttpsUrl(String value, String field, String codePrefix) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw DomainException.invalid(codePrefix + "_invalid", field + " is not a valid URL", field);
        }
        if (uri.getScheme() == null || uri.getHost() == null && uri.getRawAuthority() == null) {
            throw DomainException.invalid(codePrefix + "_invalid", field + " is not an absolute URL", field);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw DomainException.invalid(codePrefix + "_not_https", field + " must be an https:// URL", field);
        }
        if (uri.getHost() == null && uri.getRawUserInfo() == null) {
            throw DomainException.invalid(codePrefix + "_invalid", field + " has no valid host", field);
        }
        return uri;
    }

    private static DomainException missing(String field) {
        return DomainException.invalid("missing_field", field + " is required", field);
    }
}
