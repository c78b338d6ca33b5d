package ai.synapses.transcribe.intelligence;

import ai.synapses.transcribe.recognition.TranscriptAssembler;
import ai.synapses.transcribe.transcript.CustomSpelling;
import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.Utterance;
import ai.synapses.transcribe.transcript.Word;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class CustomSpellerTest {

    /** Words 200 ms long, 50 ms apart, 1 s between the utterances ("|"), speaker A then B. */
    static Transcript transcript(String script) {
        List<Word> words = new ArrayList<>();
        long t = 0;
        String speaker = "A";
        for (String token : script.split(" ")) {
            if (token.equals("|")) {
                t += 1000;
                speaker = "B";
                continue;
            }
            words.add(new Word(token, t, t + 200, words.size() % 2 == 0 ? 0.8 : 0.6, speaker));
            t += 250;
        }
        return new TranscriptAssembler(600).assemble(words, t / 1000.0, "en");
    }

    @Test
    void wordsAndPhrasesBecomeTheSpellingInTextWordsAndUtterances() {
        Transcript before = transcript("we moved the sequel data base to post gress | the sequel server is gone");
        Transcript after = CustomSpeller.apply(before, List.of(
                new CustomSpelling(List.of("sequel", "Sequel Server"), "SQL Server"),
                new CustomSpelling(List.of("post gress"), "Postgres"),
                new CustomSpelling(List.of("data base"), "database")));
        assertEquals("we moved the SQL Server database to Postgres the SQL Server is gone", after.text());
        List<String> texts = after.words().stream().map(Word::text).toList();
        assertEquals(List.of("we", "moved", "the", "SQL Server", "database", "to", "Postgres", "the", "SQL Server", "is", "gone"),
                texts);
        // "post gress": from the first word's start to the second's end, their mean confidence, the first's speaker
        Word postgres = after.words().get(6);
        assertEquals(before.words().get(7).start(), postgres.start());
        assertEquals(before.words().get(8).end(), postgres.end());
        assertEquals(0.7, postgres.confidence(), 1e-9);
        assertEquals("A", postgres.speaker());
        // "the sequel server": the longer phrase wins over the single word
        assertEquals(before.words().get(11).end(), after.words().get(8).end());
        List<Utterance> utterances = after.utterances();
        assertEquals(List.of("we moved the SQL Server database to Postgres", "the SQL Server is gone"),
                utterances.stream().map(Utterance::text).toList());
        assertEquals("B", utterances.get(1).speaker());
        assertEquals(after.words(), utterances.stream().flatMap(u -> u.words().stream()).toList());
        assertEquals(before.audioDurationSeconds(), after.audioDurationSeconds());
    }

    @Test
    void punctuationAroundAMatchStaysAndCaseIsIgnored() {
        Transcript before = transcript("I asked \"Jon, smyth.\"");
        Transcript after = CustomSpeller.apply(before, List.of(new CustomSpelling(List.of("jon smyth"), "John Smith")));
        assertEquals("I asked \"John Smith.\"", after.text());
    }

    @Test
    void withoutRulesOrMatchesTheTranscriptIsUnchanged() {
        Transcript before = transcript("nothing to change here");
        assertSame(before, CustomSpeller.apply(before, List.of()));
        assertSame(before, CustomSpeller.apply(before, null));
        assertSame(before, CustomSpeller.apply(before, List.of(new CustomSpelling(List.of("sequel"), "SQL"))));
    }
}
