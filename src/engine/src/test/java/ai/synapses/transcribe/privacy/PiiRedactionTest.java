package ai.synapses.transcribe.privacy;

import ai.synapses.transcribe.intelligence.EntityDetector;
import ai.synapses.transcribe.intelligence.EntitySpan;
import ai.synapses.transcribe.intelligence.LabelledSet;
import ai.synapses.transcribe.intelligence.TranscriptEnricher;
import ai.synapses.transcribe.transcript.IntelligenceFeatures;
import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.PiiPolicies;
import ai.synapses.transcribe.transcript.PrivacySettings;
import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.Word;
import ai.synapses.transcribe.writing.TextFormatter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PiiRedactionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final TranscriptEnricher ENRICHER = new TranscriptEnricher();
    static final EntityDetector DETECTOR = new EntityDetector();
    static final TextFormatter WRITER = new TextFormatter();
    static final IntelligenceFeatures ALL_FEATURES = new IntelligenceFeatures(true, true, true, true);

    static JobOptions redacting(List<String> policies, String substitution) {
        return new JobOptions(null, ALL_FEATURES, new PrivacySettings(true, policies, substitution), null);
    }

    static JsonNode enriched(Transcript transcript, JobOptions options) {
        return JSON.valueToTree(ENRICHER.enrich(transcript, options));
    }

    static boolean leaks(String json, List<String> value) {
        return Pattern.compile("(?<![a-z'])" + Pattern.quote(String.join(" ", value)) + "(?![a-z'])").matcher(json).find();
    }

    @Test
    void everyPolicyHasLabelledValues() {
        Set<ai.synapses.transcribe.intelligence.EntityType> labelled = EnumSet.noneOf(ai.synapses.transcribe.intelligence.EntityType.class);
        LabelledSet.entities().forEach(s -> s.entities().forEach(e -> labelled.add(e.type())));
        for (String policy : PiiPolicies.ALL) {
            assertTrue(labelled.contains(PiiPolicy.entityOf(policy)), "no labelled value for policy " + policy);
        }
    }

    @Test
    void recallOnTheLabelledSetAndNoLabelledValueAnywhereInTheResult() throws Exception {
        int gold = 0;
        int redacted = 0;
        List<String> leaks = new ArrayList<>();
        for (LabelledSet.Snippet s : LabelledSet.entities()) {
            Transcript transcript = LabelledSet.transcript(s.tokens());
            List<EntitySpan> found = DETECTOR.detect(s.tokens());
            PiiRedactor.Redaction redaction = PiiRedactor.redact(transcript.words(), found, PiiPolicies.ALL, "hash");
            String json = JSON.writeValueAsString(ENRICHER.enrich(transcript, redacting(PiiPolicies.ALL, null)));
            for (EntitySpan e : s.entities()) {
                if (PiiPolicy.policyOf(e.type()) == null) {
                    continue;
                }
                gold++;
                boolean all = true;
                for (int k = e.first(); k <= e.last(); k++) {
                    all &= redaction.words().get(redaction.index()[k]).text().equals("###");
                }
                if (all) {
                    redacted++;
                } else {
                    System.out.println("  not redacted: " + e.type().jsonName() + " '" + String.join(" ", s.value(e)) + "'");
                }
                if (leaks(json, s.value(e))) {
                    leaks.add(String.join(" ", s.value(e)));
                }
                // and its written form: "(415) 555-0199", "john@example.com", "John Smith"
                String written = WRITER.format(LabelledSet.transcript(s.value(e)).words(), false, true).text();
                if (json.toLowerCase(java.util.Locale.ROOT).contains(written.toLowerCase(java.util.Locale.ROOT))
                        && !written.equals(String.join(" ", s.value(e)))) {
                    leaks.add(written);
                }
            }
        }
        double recall = (double) redacted / gold;
        System.out.printf("PII recall %.3f (%d of %d labelled values, every policy on)%n", recall, redacted, gold);
        assertTrue(recall >= 0.95, "PII recall " + recall);
        assertEquals(List.of(), leaks, "labelled values found in the result JSON");
    }

    @Test
    void onlyTheChosenPoliciesAreRedactedWithTheirNames() throws Exception {
        List<String> tokens = List.of(("this is john smith my number is four one five five five five zero one nine nine "
                + "and i live in boston").split(" "));
        JsonNode out = enriched(LabelledSet.transcript(tokens), redacting(List.of("phone_number"), "entity_name"));
        assertEquals("This is John Smith my number is [PHONE_NUMBER] and I live in Boston.", out.get("text").asText());
        assertEquals("[PHONE_NUMBER]", out.get("words").get(7).get("text").asText());
        // the redacted word spans the number's time: first digit's start to last digit's end
        assertEquals(7 * 400, out.get("words").get(7).get("start").asLong());
        assertEquals(16 * 400 + 300, out.get("words").get(7).get("end").asLong());
        assertEquals(1, out.get("privacy_settings").get("redactions").get("phone_number").asInt());
        assertEquals("entity_name", out.get("privacy_settings").get("pii_substitution").asText());
        String json = JSON.writeValueAsString(out);
        assertFalse(json.contains("four one five"), json);
        assertTrue(json.contains("John Smith"), "person names are kept when person_name is not asked for");
    }

    @Test
    void aValueSaidAgainWithoutItsCueIsRedactedToo() {
        List<String> tokens = List.of("my name is priya raghunathan and yes raghunathan is spelled the usual way".split(" "));
        JsonNode out = enriched(LabelledSet.transcript(tokens), redacting(List.of("person_name"), "hash"));
        assertEquals("My name is ### and yes ### is spelled the usual way.", out.get("text").asText());
    }

    @Test
    void utterancesAreRebuiltFromTheRedactedWords() {
        List<String> tokens = List.of("email me at anna at example dot com".split(" "));
        Transcript t = LabelledSet.transcript(tokens);
        JsonNode out = enriched(t, redacting(List.of("email"), "hash"));
        JsonNode utterance = out.get("utterances").get(0);
        assertEquals("Email me at ###.", utterance.get("text").asText());
        assertEquals(4, utterance.get("words").size());
        Word last = t.words().get(t.words().size() - 1);
        assertEquals(last.end(), utterance.get("end").asLong());
    }

    @Test
    void writtenFormsOfRedactedValuesAreNowhere() throws Exception {
        List<String> tokens = List.of(("hi my name is john smith my email is john at example dot com and my number "
                + "is four one five five five five zero one nine nine").split(" "));
        JsonNode out = enriched(LabelledSet.transcript(tokens), redacting(PiiPolicies.ALL, "entity_name"));
        String json = JSON.writeValueAsString(out);
        assertTrue(out.get("text").asText().startsWith("Hi, my name is [PERSON_NAME]"), out.get("text").asText());
        for (String value : List.of("john@example.com", "(415) 555-0199", "415", "John", "Smith", "example")) {
            assertFalse(json.contains(value), value + " in " + json);
        }
        for (JsonNode word : out.get("words")) {
            assertFalse(word.path("written").asText().toLowerCase(java.util.Locale.ROOT).contains("john"), word.toString());
        }
    }
}
