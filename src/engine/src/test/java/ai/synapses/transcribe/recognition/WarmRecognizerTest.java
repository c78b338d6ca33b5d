package ai.synapses.transcribe.recognition;

import ai.synapses.transcribe.transcript.Word;

import org.junit.jupiter.api.Test;
import org.vosk.Model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmRecognizerTest {

    @Test
    void aChunkEndingAtAnEndpointLeavesTheNextOneCleanAndOnTime() throws Exception {
        Model model = EvalClips.engine().models().model("en");
        EvalClips.Clip clip = EvalClips.clip("jfk.wav");
        byte[] jfk = EvalClips.pcm(EvalClips.speechDir().resolve(clip.file()));
        byte[] first = Arrays.copyOf(jfk, jfk.length + 3 * Pcm.BYTES_PER_SECOND); // jfk, then 3 s of silence

        try (WarmRecognizer recognizer = new WarmRecognizer(model)) {
            // Chunk 1 ends on the very buffer where Vosk detects the pause after the speech: the hard case.
            List<Word> firstWords = new ArrayList<>();
            int fed = 0;
            boolean atEndpoint = false;
            while (fed < first.length && !(atEndpoint && fed > jfk.length)) {
                int length = Math.min(8000, first.length - fed);
                atEndpoint = recognizer.accept(Arrays.copyOfRange(first, fed, fed + length), length);
                fed += length;
                if (atEndpoint) {
                    firstWords.addAll(VoskResults.words(recognizer.result(), 0, 0, Long.MAX_VALUE));
                }
            }
            assertTrue(atEndpoint && fed < first.length, "an endpoint in the trailing silence");
            firstWords.addAll(VoskResults.words(recognizer.finish(true), 0, 0, Long.MAX_VALUE));
            assertEquals(fed / 32000.0, recognizer.clockSeconds(), 1e-9);

            // Chunk 2, placed at 60 s of some file: the same speech again.
            double clock = recognizer.clockSeconds();
            List<Word> secondWords = new ArrayList<>();
            for (int at = 0; at < jfk.length; at += 8000) {
                int length = Math.min(8000, jfk.length - at);
                if (recognizer.accept(Arrays.copyOfRange(jfk, at, at + length), length)) {
                    secondWords.addAll(VoskResults.words(recognizer.result(), clock, 60_000, 71_000));
                }
            }
            secondWords.addAll(VoskResults.words(recognizer.finish(false), clock, 60_000, 71_000));

            assertTrue(WordErrorRate.of(clip.reference(), text(firstWords)) <= 0.15, text(firstWords));
            assertTrue(WordErrorRate.of(clip.reference(), text(secondWords)) <= 0.15, text(secondWords));
            assertEquals(firstWords.get(0).start() + 60_000, secondWords.get(0).start(), 60,
                    "the second chunk's times are its own: " + firstWords.get(0) + " / " + secondWords.get(0));
            Word lastFirst = firstWords.get(firstWords.size() - 1);
            Word lastSecond = secondWords.get(secondWords.size() - 1);
            assertEquals(lastFirst.end() + 60_000, lastSecond.end(), 60);
        }
    }

    @Test
    void thePoolLendsTheSameWarmRecognizerAgain() throws Exception {
        Model model = EvalClips.engine().models().model("en");
        try (RecognizerPool pool = new RecognizerPool()) {
            WarmRecognizer first = pool.borrow(model);
            WarmRecognizer second = pool.borrow(model);
            pool.giveBack(first);
            assertSame(first, pool.borrow(model));
            pool.discard(second);
            pool.giveBack(first);
        }
    }

    private static String text(List<Word> words) {
        return words.stream().map(Word::text).collect(Collectors.joining(" "));
    }
}
