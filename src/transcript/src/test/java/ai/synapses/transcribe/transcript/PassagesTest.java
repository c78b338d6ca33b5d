package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PassagesTest {

    /** Words said one after another, 200 ms each; a number in the text is the pause in ms before the next word. */
    static List<Word> said(String script, String speaker) {
        List<Word> words = new ArrayList<>();
        long t = 0;
        String[] tokens = script.split(" ");
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].matches("\\d+")) {
                t += Long.parseLong(tokens[i]);
                continue;
            }
            String[] parts = tokens[i].split("@");
            words.add(new Word(parts[0], t, t + 200, 0.5 + 0.1 * (words.size() % 5),
                    parts.length > 1 ? parts[1] : speaker));
            t += 250;
        }
        return words;
    }

    @Test
    void sentencesAreTheSplittersWithTextTimesConfidenceAndWords() {
        List<Word> words = said("we shipped it yesterday 900 it should arrive monday", null);
        List<Passage> sentences = new Passages().sentences(words);
        assertEquals(List.of("we shipped it yesterday", "it should arrive monday"), sentences.stream().map(Passage::text).toList());
        Passage second = sentences.get(1);
        assertEquals(words.get(4).start(), second.start());
        assertEquals(words.get(7).end(), second.end());
        assertEquals(words.subList(4, 8), second.words());
        // 0.9, 0.5, 0.6, 0.7: the mean, rounded
        assertEquals(0.675, second.confidence(), 1e-9);
        assertNull(second.speaker());
    }

    @Test
    void punctuatedWordsEndSentencesWhereverThePausesAre() {
        List<Word> words = said("Mr. Smith arrived. 900 Did he 900 call? Yes.", null);
        assertEquals(List.of("Mr. Smith arrived.", "Did he call?", "Yes."),
                new Passages().sentences(words).stream().map(Passage::text).toList());
    }

    @Test
    void paragraphsBreakAtSpeakerChangesAndLongPauses() {
        List<Word> words = said("good morning everyone 900 thanks for coming today 2500 first the budget 400"
                + " it went up 400 by ten percent 400 then@B a@B question@B", "A");
        List<Passage> paragraphs = new Passages().paragraphs(words);
        assertEquals(List.of("good morning everyone thanks for coming today",
                "first the budget it went up by ten percent", "then a question"),
                paragraphs.stream().map(Passage::text).toList());
        assertEquals("A", paragraphs.get(1).speaker());
        assertEquals("B", paragraphs.get(2).speaker());
        assertEquals(words.get(words.size() - 1).end(), paragraphs.get(2).end());
    }

    @Test
    void aLongMonologueIsCutIntoParagraphsOfWholeSentences() {
        StringBuilder script = new StringBuilder();
        for (int s = 0; s < 40; s++) {
            script.append("this is sentence number ").append(words(s)).append(" of the talk 800 ");
        }
        List<Word> words = said(script.toString().strip(), null);
        List<Passage> sentences = new Passages().sentences(words);
        List<Passage> paragraphs = new Passages().paragraphs(words);
        assertEquals(40, sentences.size());
        assertEquals(words, paragraphs.stream().flatMap(p -> p.words().stream()).toList(), "every word once, in order");
        for (Passage p : paragraphs) {
            assertEquals(0, p.words().size() % 8, "whole sentences: " + p.text());
            assertEquals(true, p.words().size() <= 100 + 8, p.text());
        }
        assertEquals(true, paragraphs.size() >= 4, paragraphs.size() + " paragraphs");
    }

    private static String words(int n) {
        return List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine").get(n % 10);
    }

    @Test
    void noWordsNoPassages() {
        assertEquals(List.of(), new Passages().sentences(List.of()));
        assertEquals(List.of(), new Passages().paragraphs(List.of()));
    }

    @Test
    void aPassageIsAssemblyAisShape() throws Exception {
        Passage p = Passage.of(List.of(new Word("hello", 100, 400, 0.9, "A")));
        assertEquals("{\"text\":\"hello\",\"start\":100,\"end\":400,\"confidence\":0.9,\"speaker\":\"A\",\"words\":"
                + "[{\"text\":\"hello\",\"start\":100,\"end\":400,\"confidence\":0.9,\"speaker\":\"A\"}]}",
                new ObjectMapper().writeValueAsString(p));
    }
}
