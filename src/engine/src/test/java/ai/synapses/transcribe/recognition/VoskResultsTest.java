package ai.synapses.transcribe.recognition;

import ai.synapses.transcribe.transcript.Word;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoskResultsTest {

    @Test
    void readsWordsInMillisecondsFromTheChunkStart() throws Exception {
        String json = """
                {"result": [
                  {"conf": 0.982, "end": 1.02, "start": 0.66, "word": "and"},
                  {"conf": 1.000000, "end": 1.5, "start": 1.02, "word": "so"}],
                 "text": "and so"}""";

        List<Word> words = VoskResults.words(json, 0, 30_000, 60_000);

        assertEquals(List.of(new Word("and", 30_660, 31_020, 0.982), new Word("so", 31_020, 31_500, 1.0)), words);
    }

    @Test
    void takesOffTheClockOfAWarmRecognizer() throws Exception {
        // this recogniser had been fed 95.5 s before the chunk that starts at 30 s of the file
        String json = """
                {"result": [{"conf": 0.9, "end": 96.12, "start": 95.8, "word": "ask"}], "text": "ask"}""";

        List<Word> words = VoskResults.words(json, 95.5, 30_000, 60_000);

        assertEquals(List.of(new Word("ask", 30_300, 30_620, 0.9)), words);
    }

    @Test
    void skipsUnknownWordsAndKeepsTimesInsideTheChunk() throws Exception {
        String json = """
                {"result": [
                  {"conf": 0.4, "end": 0.3, "start": 0.1, "word": "[unk]"},
                  {"conf": 1.2, "end": 2.04, "start": 1.9, "word": "end"}],
                 "text": "[unk] end"}""";

        List<Word> words = VoskResults.words(json, 0, 0, 2000);

        assertEquals(List.of(new Word("end", 1900, 2000, 1.0)), words);
    }

    @Test
    void aResultWithoutWordsIsEmpty() throws Exception {
        assertTrue(VoskResults.words("{\"text\" : \"\"}", 0, 0, 1000).isEmpty());
    }
}
