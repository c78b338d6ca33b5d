package ai.synapses.transcribe.recognition;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordErrorRateTest {

    @Test
    void identicalTextHasNoErrors() {
        assertEquals(0.0, WordErrorRate.of("ask not what your country", "ask not what your country"));
    }

    @Test
    void caseAndPunctuationDoNotCount() {
        assertEquals(0.0, WordErrorRate.of("And so, my fellow Americans: ask not!", "and so my fellow americans ask not"));
        assertEquals(0.0, WordErrorRate.of("he was not an ill disposed young man", "He was not an ill-disposed young man."));
        assertEquals(0.0, WordErrorRate.of("don't stop", "Don’t stop"));
    }

    @Test
    void countsSubstitutionsDeletionsAndInsertions() {
        // "as" for "ask": one substitution in 4 words
        assertEquals(0.25, WordErrorRate.of("ask not what your", "as not what your"));
        // one deletion
        assertEquals(0.25, WordErrorRate.of("ask not what your", "ask what your"));
        // two insertions
        assertEquals(0.5, WordErrorRate.of("ask not what your", "so ask not what your uh"));
        assertEquals(1.0, WordErrorRate.of("one two", "three four"));
    }

    @Test
    void emptyTexts() {
        assertEquals(0.0, WordErrorRate.of("", "  "));
        assertEquals(1.0, WordErrorRate.of("", "noise"));
        assertEquals(1.0, WordErrorRate.of("two words", null));
    }

    @Test
    void aSetsRateIsTotalErrorsOverTotalWords() {
        WordErrorRate set = WordErrorRate.count("a b c d", "a b c x").plus(WordErrorRate.count("e f", "e f"));
        assertEquals(new WordErrorRate(1, 6), set);
        assertEquals(1 / 6.0, set.rate(), 1e-12);
    }
}
