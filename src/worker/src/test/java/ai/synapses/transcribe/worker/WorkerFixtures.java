package ai.synapses.transcribe.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audio for the worker tests: {@code ../shared/eval/speech/jfk.wav} when the evaluation set is beside
 * the checkout (CI has it), else the same recording committed as {@code samples/jfk.wav}.
 */
final class WorkerFixtures {

    private static final Path EVAL = Path.of(System.getProperty("transcribe.eval.dir", "../../../shared/eval"), "speech", "jfk.wav");
    private static final Path SAMPLE = Path.of("../../samples/jfk.wav");

    private WorkerFixtures() {
    }

    static boolean haveEval() {
        return Files.isRegularFile(EVAL);
    }

    static byte[] speech() throws IOException {
        if (!haveEval()) {
            System.out.println("WorkerFixtures: ../shared/eval not found, using samples/jfk.wav");
        }
        return Files.readAllBytes(haveEval() ? EVAL : SAMPLE);
    }

    static double speechSeconds() throws IOException {
        try (var in = javax.sound.sampled.AudioSystem.getAudioInputStream(new java.io.ByteArrayInputStream(speech()))) {
            return in.getFrameLength() / (double) in.getFormat().getFrameRate();
        } catch (javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new IOException(e);
        }
    }

    static final String JFK = "and so my fellow americans ask not what your country can do for you"
            + " ask what you can do for your country";

    /** jfk.wav within a word error rate of 0.15 of its reference. */
    static void assertTranscriptMatches(String text) {
        double wer = ai.synapses.transcribe.recognition.WordErrorRate.of(JFK, text);
        System.out.printf("jfk.wav through the worker: WER %.3f (%s)%n", wer, text);
        assertTrue(wer <= 0.15, "WER " + wer + " for '" + text + "'");
    }

    static byte[] tone(double seconds) {
        int rate = 16000;
        int samples = (int) Math.round(seconds * rate);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) (6000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(samples * 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(pcm.array());
        return out.toByteArray();
    }
}
