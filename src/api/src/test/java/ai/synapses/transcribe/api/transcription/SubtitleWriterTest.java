package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.transcript.Word;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SubtitleWriterTest {

    @Test
    void writtenTokensAreCaptionedOnceAndTimedByTheirWords() {
        List<Word> words = List.of(
                new Word("we", 0, 200, 1).withWritten("We", 0),
                new Word("paid", 200, 500, 1).withWritten("paid", 1),
                new Word("ten", 500, 700, 1).withWritten("$10,001.", 2),
                new Word("thousand", 700, 1100, 1).withWritten("$10,001.", 2),
                new Word("and", 1100, 1200, 1).withWritten("$10,001.", 2),
                new Word("one", 1200, 1400, 1).withWritten("$10,001.", 2),
                new Word("dollars", 1400, 1800, 1).withWritten("$10,001.", 2),
                new Word("is", 2600, 2800, 1).withWritten("Is", 3),
                new Word("that", 2800, 3000, 1).withWritten("that", 4),
                new Word("right", 3000, 3300, 1).withWritten("right?", 5));
        assertEquals(List.of(new SubtitleWriter.Caption(0, 1800, "We paid $10,001."),
                new SubtitleWriter.Caption(2600, 3300, "Is that right?")), SubtitleWriter.captions(words, 32));
    }

    @Test
    void wordsWithoutWrittenTokensAreCaptionedAsSaid() {
        List<Word> words = List.of(new Word("we", 0, 200, 1), new Word("paid", 200, 500, 1));
        assertEquals(List.of(new SubtitleWriter.Caption(0, 500, "we paid")), SubtitleWriter.captions(words, 32));
    }
}
