package ai.synapses.transcribe.recognition;

import ai.synapses.transcribe.transcript.Transcript;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * About three minutes of speech (the real-sentence clips four times over, in varying order, with short
 * pauses between) recognised as one job: cut at silences, chunks in parallel, words in order.
 */
class LongAudioTest {

    private static final int PASSES = 4;
    private static final double PAUSE_SECONDS = 0.8;

    @TempDir
    Path dir;

    @Test
    void longAudioIsChunkedAtSilencesAndRecognisedInOrder() throws IOException {
        List<EvalClips.Clip> clips = EvalClips.set("real-sentences");
        Path pcm = dir.resolve("three-minutes.pcm");
        List<double[]> pauses = new ArrayList<>();
        StringBuilder reference = new StringBuilder();
        List<EvalClips.Clip> order = new ArrayList<>();
        try (OutputStream out = Files.newOutputStream(pcm)) {
            Random noise = new Random(3);
            long written = 0;
            for (int pass = 0; pass < PASSES; pass++) {
                for (int i = 0; i < clips.size(); i++) {
                    EvalClips.Clip clip = clips.get((i * 3 + pass) % clips.size());
                    byte[] pause = quietNoise(noise, PAUSE_SECONDS);
                    pauses.add(new double[] {Pcm.seconds(written), Pcm.seconds(written + pause.length)});
                    out.write(pause);
                    byte[] speech = EvalClips.pcm(EvalClips.speechDir().resolve(clip.file()));
                    out.write(speech);
                    written += pause.length + speech.length;
                    reference.append(clip.reference()).append(' ');
                    order.add(clip);
                }
            }
        }
        SpeechModels models = EvalClips.engine().models();
        models.model("en"); // load outside the timing
        double audioSeconds = Files.size(pcm) / 32000.0;

        // An engine of its own, so that the timing is that of a process's first long job (cold recognisers).
        try (SpeechRecognizer engine = new SpeechRecognizer(models)) {
            List<PcmChunk> chunks = engine.plan(pcm);
            assertTrue(chunks.size() >= 4, "split into several chunks: " + chunks.size());
            int inPauses = assertCutsAreQuiet(pcm, chunks, pauses);

            List<Integer> progress = Collections.synchronizedList(new ArrayList<>());
            long heapBefore = usedHeap();
            long started = System.nanoTime();
            long cpu = EvalClips.cpuNanos();
            Transcript transcript = engine.transcribe(pcm, "en", progress::add);
            double seconds = (System.nanoTime() - started) / 1e9;
            double cpuSeconds = (EvalClips.cpuNanos() - cpu) / 1e9;
            started = System.nanoTime();
            Transcript again = engine.transcribe(pcm, "en");
            double warmSeconds = (System.nanoTime() - started) / 1e9;

            SpeechRecognizerEvalTest.assertWordsWellFormed(transcript);
            SpeechRecognizerEvalTest.assertWordsWellFormed(again);
            assertEquals(audioSeconds, transcript.audioDurationSeconds());
            WordErrorRate together = WordErrorRate.count(reference.toString(), transcript.text());
            WordErrorRate alone = WordErrorRate.ZERO;
            for (EvalClips.Clip clip : order) {
                alone = alone.plus(WordErrorRate.count(clip.reference(), EvalClips.single(clip, dir).text()));
            }
            System.out.printf("[recognition] %.1f s of audio in %d chunks (%d cuts, %d inside the inserted pauses), "
                            + "%d threads: RTF %.3f wall cold (%.1f s; %.3f CPU), %.3f wall warm (%.1f s); "
                            + "WER %.3f (the same clips alone: %.3f); %d utterances; progress %s; heap growth %d MB; %s%n",
                    audioSeconds, chunks.size(), chunks.size() - 1, inPauses, engine.tuning().threads(),
                    seconds / audioSeconds, seconds, cpuSeconds / audioSeconds, warmSeconds / audioSeconds, warmSeconds,
                    together.rate(), alone.rate(), transcript.utterances().size(), progress,
                    (usedHeap() - heapBefore) >> 20, rss());
            assertTrue(WordErrorRate.of(reference.toString(), again.text()) <= alone.rate() + 0.03, "warm run");
            assertTrue(together.rate() <= alone.rate() + 0.03,
                    "chunking costs little accuracy: " + together.rate() + " vs " + alone.rate());
            assertTrue(transcript.utterances().size() >= order.size() / 2, "pauses split utterances");

            assertTrue(progress.size() >= 2, "progress as chunks finish: " + progress);
            for (int i = 1; i < progress.size(); i++) {
                assertTrue(progress.get(i) > progress.get(i - 1), "monotonic: " + progress);
            }
            assertEquals(100, progress.get(progress.size() - 1));
        }
    }

    /** Every cut sits in a quiet moment: its 250 ms window is far below the file's average loudness. */
    private static int assertCutsAreQuiet(Path pcm, List<PcmChunk> chunks, List<double[]> pauses) throws IOException {
        byte[] all = Files.readAllBytes(pcm); // test-side only; the engine never reads the whole file
        double overall = rms(all, 0, all.length);
        int inPauses = 0;
        for (PcmChunk chunk : chunks.subList(1, chunks.size())) {
            int cut = (int) chunk.startByte();
            double around = rms(all, cut - 125 * 32, cut + 125 * 32);
            assertTrue(around < overall * 0.1, "cut at " + Pcm.seconds(cut) + " s: rms " + around + " vs " + overall);
            double at = Pcm.seconds(cut);
            if (pauses.stream().anyMatch(p -> at >= p[0] && at <= p[1])) {
                inPauses++;
            }
        }
        return inPauses;
    }

    private static double rms(byte[] pcm, int from, int to) {
        ByteBuffer samples = ByteBuffer.wrap(pcm, from, to - from).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        int n = 0;
        while (samples.remaining() >= 2) {
            int sample = samples.getShort();
            sum += (double) sample * sample;
            n++;
        }
        return Math.sqrt(sum / Math.max(1, n));
    }

    /** Room noise of a few units rather than digital zero, as real recordings have. */
    private static byte[] quietNoise(Random random, double seconds) {
        ByteBuffer buffer = ByteBuffer.allocate((int) Pcm.frameBytes(seconds)).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            buffer.putShort((short) (random.nextInt(7) - 3));
        }
        return buffer.array();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static String rss() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return "";
        }
        return Files.readAllLines(status).stream()
                .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
                .map(line -> line.replaceAll("\\s+", " "))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }
}
