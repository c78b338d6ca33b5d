package ai.synapses.transcribe.transcript;

import java.util.Map;
import java.util.Set;

/**
 * Which languages each text feature has resources for. Transcription and speaker labels work in every language a
 * deployment has a speech model for; the text features run on English word lists, lexicons and a part-of-speech
 * model only, so a job in another language is refused them at submit rather than given English rules.
 */
public final class TextFeatureLanguages {

    /** The request field that turns each feature on, and the languages it supports. */
    public static final Map<String, Set<String>> BY_FIELD = Map.of(
            "intelligence_features.sentiment_analysis_enabled", Set.of("en"),
            "intelligence_features.entity_detection_enabled", Set.of("en"),
            "intelligence_features.auto_highlights_enabled", Set.of("en"),
            "intelligence_features.summarization_enabled", Set.of("en"),
            "privacy_settings.pii_redaction_enabled", Set.of("en"),
            "punctuate", Set.of("en"),
            "format_text", Set.of("en"));

    private TextFeatureLanguages() {
    }

    /** Whether the feature turned on by {@code field} has resources for {@code language}. */
    public static boolean supports(String field, String language) {
        return BY_FIELD.getOrDefault(field, Set.of()).contains(language);
    }

    /** Written text (punctuation, formatting) is on by default only where it is supported. */
    public static boolean writesByDefault(String language) {
        return supports("punctuate", language);
    }
}
