package ai.synapses.transcribe.transcript;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordSearchTest {

    static final List<Word> WORDS = PassagesTest.said(
            "ask not what your country can do for you ask what you can do for Your Country. ### New@ York", null);

    @Test
    void findsWordsAndPhrasesWhateverTheCaseAndPunctuation() {
        List<WordSearch.Match> matches = WordSearch.search(WORDS, List.of("your country", "ASK", " can do ", "moon"));
        assertEquals(List.of("your country", "ASK", "can do", "moon"), matches.stream().map(WordSearch.Match::text).toList());
        WordSearch.Match country = matches.get(0);
        assertEquals(2, country.count());
        assertEquals(List.of(3, 15), country.indexes());
        assertEquals(List.of(List.of(WORDS.get(3).start(), WORDS.get(4).end()), List.of(WORDS.get(15).start(),
                WORDS.get(16).end())), country.timestamps());
        assertEquals(List.of(0, 9), matches.get(1).indexes());
        assertEquals(2, matches.get(2).count());
        assertEquals(0, matches.get(3).count());
        assertEquals(List.of(), matches.get(3).timestamps());
    }

    @Test
    void aRedactionIsNeverFoundAndATermAskedTwiceIsAnsweredOnce() {
        List<WordSearch.Match> matches = WordSearch.search(WORDS, List.of("you", "You", "###"));
        assertEquals(1, matches.size());
        assertEquals(2, matches.get(0).count(), "'you', not 'your'");
    }

    @Test
    void aWordWrittenWithASpaceIsFoundByEitherPart() {
        List<Word> words = List.of(new Word("in", 0, 100, 1), new Word("New York", 100, 600, 1), new Word("today", 600, 900, 1));
        assertEquals(List.of(1), WordSearch.search(words, List.of("york")).get(0).indexes());
        assertEquals(List.of(List.of(0L, 600L)), WordSearch.search(words, List.of("in new york")).get(0).timestamps());
    }
}
