package ai.synapses.transcribe.intelligence;

import ai.synapses.transcribe.transcript.IntelligenceFeatures;
import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.PrivacySettings;
import ai.synapses.transcribe.transcript.SentenceSplitter;
import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.Utterance;
import ai.synapses.transcribe.transcript.Word;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscriptEnricherTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final TranscriptEnricher ENRICHER = new TranscriptEnricher();

    /** The result as the JSON it is stored and served as. */
    static JsonNode enriched(Transcript transcript, JobOptions options) {
        return JSON.valueToTree(ENRICHER.enrich(transcript, options));
    }


    /** Two speakers, sentences separated by 800 ms pauses. */
    static Transcript conversation(String... turns) {
        List<Word> words = new ArrayList<>();
        List<Utterance> utterances = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < turns.length; i++) {
            String speaker = i % 2 == 0 ? "A" : "B";
            List<Word> mine = new ArrayList<>();
            for (String token : turns[i].split(" ")) {
                mine.add(new Word(token, t, t + 250, 0.9, speaker));
                t += 300;
            }
            t += 800;
            words.addAll(mine);
            utterances.add(new Utterance(speaker, turns[i], mine.get(0).start(), mine.get(mine.size() - 1).end(), 0.9, mine));
        }
        return new Transcript(String.join(" ", turns), words, utterances, 0.9, t / 1000.0, "en");
    }

    static JobOptions features(boolean sentiment, boolean entities, boolean highlights, boolean summary) {
        return new JobOptions(null, new IntelligenceFeatures(sentiment, entities, highlights, summary),
                new PrivacySettings(false, List.of(), null), null);
    }

    static final Transcript CALL = conversation(
            "hi this is anna from the billing team how can i help",
            "the new billing portal keeps logging me out and i'm really frustrated",
            "i'm sorry about that the billing portal had an outage this morning",
            "okay the billing portal works now thank you so much",
            "great the outage report will be sent to you by friday");

    @Test
    void nothingAskedLeavesTheTranscriptAsItWas() {
        JsonNode out = enriched(CALL, JobOptions.NONE);
        assertEquals(JSON.valueToTree(CALL), out);
    }

    @Test
    void sentimentPerSentenceWithTheSpeakerOfItsWords() {
        JsonNode results = enriched(CALL, features(true, false, false, false)).get("sentiment_analysis_results");
        assertEquals(5, results.size());
        assertEquals("NEGATIVE", results.get(1).get("sentiment").asText());
        assertEquals("B", results.get(1).get("speaker").asText());
        assertEquals("POSITIVE", results.get(3).get("sentiment").asText());
        assertEquals("B", results.get(3).get("speaker").asText());
        assertEquals("A", results.get(4).get("speaker").asText());
        assertEquals(CALL.words().get(0).start(), results.get(0).get("start").asLong());
        assertTrue(results.get(1).get("confidence").asDouble() > 0.5);
    }

    @Test
    void sentencesComeFromPausesNotFromPunctuation() {
        List<Word> words = new ArrayList<>();
        long t = 0;
        for (String token : "we shipped it yesterday it should arrive monday".split(" ")) {
            words.add(new Word(token, t, t + 200, 0.9));
            t += token.equals("yesterday") ? 900 : 250;
        }
        List<SentenceSplitter.Span> spans = new SentenceSplitter().split(words);
        assertEquals(List.of(new SentenceSplitter.Span(0, 3), new SentenceSplitter.Span(4, 7)), spans);
    }

    @Test
    void entitiesWithTimes() {
        JsonNode entities = enriched(CALL, features(false, true, false, false)).get("entities");
        assertEquals("person_name", entities.get(0).get("entity_type").asText());
        assertEquals("Anna", entities.get(0).get("text").asText());
        assertEquals(CALL.words().get(3).start(), entities.get(0).get("start").asLong());
        assertEquals("date", entities.get(1).get("entity_type").asText());
        assertEquals("Friday", entities.get(1).get("text").asText());
    }

    @Test
    void highlightsCountEveryOccurrenceWithItsTimes() {
        JsonNode results = enriched(CALL, features(false, false, true, false)).get("auto_highlights").get("results");
        JsonNode top = results.get(0);
        assertEquals("billing portal", top.get("text").asText(), results.toString());
        assertEquals(3, top.get("count").asInt());
        assertEquals(3, top.get("timestamps").size());
        assertEquals(1.0, top.get("rank").asDouble());
        for (JsonNode r : results) {
            assertFalse(r.get("text").asText().isBlank());
        }
    }

    @Test
    void summaryIsBulletsOfWholeSentences() {
        String summary = enriched(CALL, features(false, false, false, true)).get("summary").asText();
        assertTrue(summary.startsWith("- "), summary);
        assertTrue(summary.lines().count() >= 1 && summary.lines().count() <= 5, summary);
        assertTrue(summary.contains("billing portal"), summary);
    }

    @Test
    void featuresThatWereNotAskedForAreAbsent() {
        JsonNode out = enriched(CALL, features(true, false, false, false));
        assertNull(out.get("entities"));
        assertNull(out.get("auto_highlights"));
        assertNull(out.get("summary"));
        assertNull(out.get("privacy_settings"));
    }
}
