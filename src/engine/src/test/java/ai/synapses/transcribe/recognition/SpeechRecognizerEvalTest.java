package ai.synapses.transcribe.recognition;

import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.Word;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine against the eval clips of {@code ../shared/eval/speech}; prints the figures it measured. */
class SpeechRecognizerEvalTest {

    @TempDir
    Path dir;

    @Test
    void jfk() throws IOException {
        EvalClips.Clip clip = EvalClips.clip("jfk.wav");
        Path pcm = EvalClips.pcmFile(clip.file(), dir);
        SpeechModels models = EvalClips.engine().models();
        models.model("en"); // load outside the timing
        List<Integer> progress = Collections.synchronizedList(new ArrayList<>());

        // A recogniser of its own: the first job of a process meets cold recognisers, later ones warm.
        try (SpeechRecognizer engine = new SpeechRecognizer(models, RecognitionTuning.defaults().withThreads(1))) {
            long started = System.nanoTime();
            long cpu = EvalClips.cpuNanos();
            Transcript transcript = engine.transcribe(pcm, "en", progress::add);
            double cold = (System.nanoTime() - started) / 1e9;
            double coldCpu = (EvalClips.cpuNanos() - cpu) / 1e9;
            started = System.nanoTime();
            Transcript again = engine.transcribe(pcm, "en");
            double warm = (System.nanoTime() - started) / 1e9;

            double audio = transcript.audioDurationSeconds();
            double wer = WordErrorRate.of(clip.reference(), transcript.text());
            System.out.printf("[recognition] jfk.wav: WER %.3f, RTF %.3f cold (%.3f CPU), %.3f warm, one thread (%.2f s and %.2f s for %.2f s of audio)%n  ref: %s%n  hyp: %s%n",
                    wer, cold / audio, coldCpu / audio, warm / audio, cold, warm, audio, clip.reference(), transcript.text());
            assertTrue(wer <= 0.15, "WER " + wer);
            assertTrue(WordErrorRate.of(clip.reference(), again.text()) <= 0.15, "warm: " + again.text());
            assertEquals(Files.size(pcm) / 32000.0, audio);
            assertEquals("en", transcript.language());
            assertWordsWellFormed(transcript);
            assertWordsWellFormed(again);
            assertFalse(transcript.utterances().isEmpty());
            assertEquals(List.of(100), progress, "a short file is one chunk: its only report is 100");
        }
    }

    @Test
    void realSentencesSet() throws IOException {
        printSet("real-sentences", 0.10);
    }

    /** Every set, when asked for with -Dtranscribe.eval.all-sets=true (a few minutes of audio). */
    @Test
    void allSets() throws IOException {
        if (!Boolean.getBoolean("transcribe.eval.all-sets")) {
            return;
        }
        Map<String, Boolean> sets = new TreeMap<>();
        EvalClips.clips().forEach(clip -> sets.put(clip.set(), true));
        for (String set : sets.keySet()) {
            printSet(set, 1.0);
        }
    }

    @Test
    void concurrentJobsShareTheModelAndGetTheirOwnWords() throws Exception {
        SpeechRecognizer engine = EvalClips.engine();
        Path jfk = EvalClips.pcmFile("jfk.wav", dir);
        Path stars = EvalClips.pcmFile("new-home-in-the-stars.wav", dir);
        String jfkAlone = EvalClips.single(EvalClips.clip("jfk.wav"), dir).text();
        String starsAlone = EvalClips.single(EvalClips.clip("new-home-in-the-stars.wav"), dir).text();

        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            var first = callers.submit(() -> engine.transcribe(jfk, "en"));
            var second = callers.submit(() -> engine.transcribe(stars, "en"));
            var third = callers.submit(() -> engine.transcribe(jfk, "en"));
            // Not compared for equality: Vosk dithers its input, so runs differ in the odd hard word.
            assertTrue(WordErrorRate.of(jfkAlone, first.get().text()) <= 0.1, first.get().text());
            assertTrue(WordErrorRate.of(starsAlone, second.get().text()) <= 0.15, second.get().text());
            assertTrue(WordErrorRate.of(jfkAlone, third.get().text()) <= 0.1, third.get().text());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aLanguageWithoutAModelFailsBeforeAnyWork() throws IOException {
        Path pcm = dir.resolve("any.pcm");
        Files.write(pcm, new byte[32000]);
        assertThrows(UnsupportedLanguageException.class, () -> EvalClips.engine().transcribe(pcm, "de"));
    }

    private void printSet(String set, double maxWer) throws IOException {
        List<EvalClips.Clip> clips = EvalClips.set(set);
        assertFalse(clips.isEmpty(), set);
        SpeechRecognizer engine = EvalClips.engine();
        engine.models().model("en");
        WordErrorRate total = WordErrorRate.ZERO;
        double audio = 0;
        double busy = 0;
        long cpu = EvalClips.cpuNanos();
        StringBuilder lines = new StringBuilder();
        for (EvalClips.Clip clip : clips) {
            Path pcm = EvalClips.pcmFile(clip.file(), dir);
            long started = System.nanoTime();
            Transcript transcript = engine.transcribe(pcm, "en");
            busy += (System.nanoTime() - started) / 1e9;
            audio += transcript.audioDurationSeconds();
            WordErrorRate wer = WordErrorRate.count(clip.reference(), transcript.text());
            total = total.plus(wer);
            lines.append(String.format("  %-28s %.3f  %s%n", clip.file(), wer.rate(), transcript.text()));
            assertWordsWellFormed(transcript);
        }
        double cpuSeconds = (EvalClips.cpuNanos() - cpu) / 1e9;
        System.out.printf("[recognition] set %s: WER %.3f (%d errors / %d words, %d clips), RTF %.3f wall / %.3f CPU, one job at a time (%.1f s for %.1f s of audio)%n%s",
                set, total.rate(), total.errors(), total.referenceWords(), clips.size(), busy / audio, cpuSeconds / audio,
                busy, audio, lines);
        assertTrue(total.rate() <= maxWer, set + " WER " + total.rate());
    }

    static void assertWordsWellFormed(Transcript transcript) {
        long durationMillis = Math.round(transcript.audioDurationSeconds() * 1000);
        long previousStart = 0;
        for (Word word : transcript.words()) {
            assertTrue(word.start() >= previousStart, "ascending: " + word);
            assertTrue(word.start() <= word.end() && word.end() <= durationMillis, "inside the audio: " + word);
            assertTrue(word.confidence() >= 0 && word.confidence() <= 1, "confidence: " + word);
            assertFalse(word.text().isBlank());
            previousStart = word.start();
        }
        assertTrue(transcript.confidence() >= 0 && transcript.confidence() <= 1);
        assertEquals(transcript.words().size(),
                transcript.utterances().stream().mapToInt(utterance -> utterance.words().size()).sum());
    }
}
