package ai.synapses.transcribe.job;

import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.transcript.EngineSettings;
import ai.synapses.transcribe.transcript.IntelligenceFeatures;
import ai.synapses.transcribe.transcript.PrivacySettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text features by language, in a deployment with English and Spanish speech models. */
class TranscriptionRequestValidatorTest {

    private final TranscriptionRequestValidator validator = new TranscriptionRequestValidator(new EngineSettings() {
        @Override
        public String modelKey() {
            return "fvt-1";
        }

        @Override
        public List<String> languages() {
            return List.of("en", "es");
        }

        @Override
        public List<String> formats() {
            return List.of("wav");
        }

        @Override
        public Duration maxDuration() {
            return Duration.ofHours(4);
        }

        @Override
        public Duration minDuration() {
            return Duration.ofMillis(100);
        }
    });

    @Test
    void aTextFeatureWithoutResourcesForTheLanguageIsRefusedNamingBoth() {
        DomainException sentiment = assertThrows(DomainException.class, () -> validator.validate(
                request("es", new IntelligenceFeatures(true, false, false, false), null, null)));
        assertEquals(ErrorKind.INVALID, sentiment.kind());
        assertEquals("feature_not_available_for_language", sentiment.code());
        assertEquals("intelligence_features.sentiment_analysis_enabled", sentiment.field());
        assertTrue(sentiment.getMessage().contains("en") && sentiment.getMessage().contains("es"), sentiment.getMessage());

        DomainException redaction = assertThrows(DomainException.class, () -> validator.validate(
                request("es", null, new PrivacySettings(true, List.of("phone_number"), null), null)));
        assertEquals("privacy_settings.pii_redaction_enabled", redaction.field());

        DomainException punctuation = assertThrows(DomainException.class, () -> validator.validate(
                request("es", null, null, true)));
        assertEquals("punctuate", punctuation.field());
    }

    @Test
    void writtenTextIsOnByDefaultOnlyWhereItIsSupported() {
        TranscriptionRequest spanish = request("es", new IntelligenceFeatures(false, false, false, false), null, null);
        validator.validate(spanish);
        assertFalse(spanish.withDefaults().jobOptions().punctuates());
        assertFalse(spanish.withDefaults().jobOptions().formatsText());

        TranscriptionRequest english = request("en", new IntelligenceFeatures(true, true, true, true),
                new PrivacySettings(true, List.of("phone_number"), null), null);
        validator.validate(english);
        assertTrue(english.withDefaults().jobOptions().punctuates());
        assertTrue(english.withDefaults().jobOptions().formatsText());
    }

    private static TranscriptionRequest request(String language, IntelligenceFeatures features, PrivacySettings privacy,
            Boolean punctuate) {
        return new TranscriptionRequest("org_test", new TranscriptionRequest.TranscriptionOptions(
                "https://audio.example.com/a.wav", language), null, features, privacy, null, null, punctuate, null, null);
    }
}
