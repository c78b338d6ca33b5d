package ai.synapses.transcribe.transcript;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordTextTest {

    @Test
    void comparesWithoutCaseAndSurroundingPunctuation() {
        assertEquals("country", WordText.normalized("Country,"));
        assertEquals("don't", WordText.normalized("\u201cDon't"));
        assertEquals("10,001", WordText.normalized("10,001."));
        assertEquals("", WordText.normalized("###"));
        assertEquals(List.of("new", "york"), WordText.phrase("  New   York! "));
        assertEquals(List.of(), WordText.phrase(" , "));
    }

    @Test
    void sentenceEndsAreFullStopsQuestionAndExclamationMarksButNotTitles() {
        assertEquals(true, SentenceSplitter.endsSentence("country."));
        assertEquals(true, SentenceSplitter.endsSentence("you?\u201d"));
        assertEquals(true, SentenceSplitter.endsSentence("now!"));
        assertEquals(false, SentenceSplitter.endsSentence("Mr."));
        assertEquals(false, SentenceSplitter.endsSentence("country,"));
        assertEquals(false, SentenceSplitter.endsSentence("3.5"));
    }
}
