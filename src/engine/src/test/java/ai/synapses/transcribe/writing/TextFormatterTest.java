package ai.synapses.transcribe.writing;

import ai.synapses.transcribe.transcript.Word;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextFormatterTest {

    static final TextFormatter FORMATTER = new TextFormatter();

    static String written(String spoken) {
        return FORMATTER.format(WrittenTextEvalTest.timed(spoken), true, true).text();
    }

    @Test
    void numbersMoneyAndAddressesAreWrittenAsPeopleWriteThem() {
        assertEquals("We counted 10,001 votes.", written("we counted ten thousand and one votes"));
        assertEquals("Write to john@example.com.", written("write to john at example dot com"));
        assertEquals("It costs $5.50 at 3:30 p.m. on March 3, 2025.",
                written("it costs five dollars and fifty cents at three thirty p m on march third twenty twenty five"));
        assertEquals("Rates rose 3.5% to 21st place.", written("rates rose three point five percent to twenty first place"));
        assertEquals("I have two cats.", written("i have two cats"));
    }

    @Test
    void everyWordNamesItsWrittenToken() {
        List<Word> words = WrittenTextEvalTest.timed("ten thousand and one dollars // is that right");
        WrittenText w = FORMATTER.format(words, true, true);
        String[] tokens = w.text().split(" ");
        assertEquals("$10,001. Is that right?", w.text());
        List<Word> annotated = w.annotate(words);
        assertEquals(words.size(), annotated.size());
        for (int i = 0; i < annotated.size(); i++) {
            Word word = annotated.get(i);
            assertEquals(words.get(i).text(), word.text(), "the word as said");
            assertEquals(words.get(i).start(), word.start(), "its timing");
            assertEquals(tokens[word.token()], word.written(), "the token it names is in the text there");
        }
        assertEquals(0, annotated.get(0).token());
        assertEquals(0, annotated.get(4).token(), "five words, one token");
        assertEquals(List.of(new WrittenText.Sentence(0, 0, 0, 4), new WrittenText.Sentence(1, 3, 5, 7)), w.sentences());
    }

    @Test
    void eachOptionTurnsItsOwnPartOff() {
        List<Word> words = WrittenTextEvalTest.timed("well i paid twenty dollars // did you");
        assertEquals("Well, I paid $20. Did you?", FORMATTER.format(words, true, true).text());
        assertEquals("Well I paid $20 Did you", FORMATTER.format(words, false, true).text());
        assertEquals("well, i paid twenty dollars. did you?", FORMATTER.format(words, true, false).text());
        assertEquals("well i paid twenty dollars did you", FORMATTER.format(words, false, false).text());
    }

    @Test
    void redactedValuesStayAsTheRedactionWroteThem() {
        String text = written("my number is [PHONE_NUMBER] // call me");
        assertEquals("My number is [PHONE_NUMBER]. Call me.", text);
        assertFalse(written("###").contains("#.#"));
    }

    @Test
    void questionsAreTheOnesThatOpenAsQuestions() {
        assertTrue(written("where did you park // i parked outside").startsWith("Where did you park? I parked"));
        assertTrue(written("when i got home i slept").endsWith("slept."));
    }

    @Test
    void aVerblessLeadInClosedByWhomItAddressesGoesOnAfterItsPause() {
        // the recogniser's words and times for samples/jfk.wav ("as" is its mishearing of "ask")
        String[] said = "and so my fellow americans as not what your country can do for you ask what you can do for your country".split(" ");
        long[][] times = {{300, 600}, {600, 990}, {990, 1260}, {1260, 1650}, {1650, 2310}, {3270, 3750}, {3930, 4440},
                {5280, 5610}, {5610, 5880}, {5880, 6450}, {6450, 6660}, {6660, 6900}, {6900, 7080}, {7080, 7650},
                {8190, 8634}, {8634, 8820}, {8820, 9180}, {9180, 9390}, {9390, 9660}, {9660, 9810}, {9810, 10020},
                {10020, 10560}};
        List<Word> words = new java.util.ArrayList<>();
        for (int i = 0; i < said.length; i++) {
            words.add(new Word(said[i], times[i][0], times[i][1], 1.0));
        }
        assertEquals("And so, my fellow Americans, as not what your country can do for you, ask what you can do for your country.",
                FORMATTER.format(words, true, true).text());
        assertEquals("Good morning, everyone. Today we start.", written("good morning everyone // today we start"));
    }
}
