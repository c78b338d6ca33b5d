package ai.synapses.transcribe.recognition;

import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.Utterance;
import ai.synapses.transcribe.transcript.Word;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscriptAssemblerTest {

    private final TranscriptAssembler assembler = new TranscriptAssembler(700);

    @Test
    void splitsUtterancesOnPausesOnly() {
        List<Word> words = List.of(
                new Word("ask", 0, 300, 1.0),
                new Word("not", 450, 700, 0.5),
                // 699 ms: still the same utterance
                new Word("what", 1399, 1600, 0.9),
                // 700 ms: a new one
                new Word("your", 2300, 2500, 0.8),
                new Word("country", 2500, 3000, 0.7));

        Transcript transcript = assembler.assemble(words, 3.5, "en");

        assertEquals("ask not what your country", transcript.text());
        assertEquals(2, transcript.utterances().size());
        Utterance first = transcript.utterances().get(0);
        assertEquals("ask not what", first.text());
        assertEquals(0, first.start());
        assertEquals(1600, first.end());
        assertEquals(0.8, first.confidence(), 1e-9);
        assertNull(first.speaker());
        Utterance second = transcript.utterances().get(1);
        assertEquals("your country", second.text());
        assertEquals(2300, second.start());
        assertEquals(3000, second.end());
        assertEquals(0.75, second.confidence(), 1e-9);
        assertEquals(0.78, transcript.confidence(), 1e-9);
        assertEquals(3.5, transcript.audioDurationSeconds());
        assertEquals("en", transcript.language());
    }

    @Test
    void silenceGivesAnEmptyTranscript() {
        Transcript transcript = assembler.assemble(List.of(), 12.0, "en");
        assertEquals("", transcript.text());
        assertTrue(transcript.words().isEmpty());
        assertTrue(transcript.utterances().isEmpty());
        assertEquals(0.0, transcript.confidence());
        assertEquals(12.0, transcript.audioDurationSeconds());
    }
}
