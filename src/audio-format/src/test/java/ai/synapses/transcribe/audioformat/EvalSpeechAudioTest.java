package ai.synapses.transcribe.audioformat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real clips of {@code ../shared/eval/speech}: all 16 kHz mono 16-bit WAV, so the duration must equal the
 * data chunk's bytes / 32000 exactly. The JDK's own WAV reader is the independent witness for the frame count.
 */
class EvalSpeechAudioTest {

    @Test
    void everyClipIs16kMonoWithItsExactDuration() throws Exception {
        String dir = System.getProperty("transcribe.eval.dir", "../../../shared/eval");
        Path speech = Path.of(dir, "speech");
        String skipped = "EvalSpeechAudioTest skipped: ../shared/eval not found (looked in "
                + speech.toAbsolutePath() + ")";
        if (!Files.isDirectory(speech)) {
            System.out.println(skipped); // surefire keeps assumption messages in its reports only
        }
        Assumptions.assumeTrue(Files.isDirectory(speech), skipped);
        List<Path> clips;
        try (Stream<Path> files = Files.list(speech)) {
            clips = files.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        assertFalse(clips.isEmpty(), "no .wav in " + speech);

        AudioFormatReader reader = new AudioFormatReader();
        double total = 0;
        double shortest = Double.MAX_VALUE;
        double longest = 0;
        int maxReads = 0;
        for (Path clip : clips) {
            byte[] file = Files.readAllBytes(clip);
            CountingAudioBytes bytes = new CountingAudioBytes(file);
            AudioMetadata m = reader.read(bytes);
            AudioFileFormat jdk = AudioSystem.getAudioFileFormat(clip.toFile());
            long dataBytes = (long) jdk.getFrameLength() * jdk.getFormat().getFrameSize();

            String name = clip.getFileName().toString();
            assertEquals("wav", m.format(), name);
            assertEquals("pcm_s16le", m.codec(), name);
            assertEquals(16_000, m.sampleRateHz(), name);
            assertEquals(1, m.channels(), name);
            assertFalse(m.durationEstimated(), name);
            assertEquals(dataBytes / 32_000.0, m.durationSeconds(), 1e-12, name);
            assertTrue(bytes.calls() <= 2, name + " reads " + bytes.reads());
            total += m.durationSeconds();
            shortest = Math.min(shortest, m.durationSeconds());
            longest = Math.max(longest, m.durationSeconds());
            maxReads = Math.max(maxReads, bytes.calls());
        }
        System.out.printf(Locale.ROOT,
                "eval/speech: %d clips, all 16 kHz mono pcm_s16le, duration = data bytes / 32000 exactly; "
                        + "%.1f s in total, %.2f-%.2f s each, at most %d read(s) per clip%n",
                clips.size(), total, shortest, longest, maxReads);
    }
}
