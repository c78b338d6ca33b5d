package ai.synapses.transcribe.decoding;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The evaluation clips ({@code ../shared/eval/speech}, 16 kHz mono 16-bit WAV) decode to exactly the samples
 * of their data chunk: nothing resampled, nothing lost, nothing added. Every clip on the Java path, a few on the
 * ffmpeg path. Skipped (visibly) when the eval directory is absent.
 */
class EvalSpeechPassthroughTest {

    private static List<Path> clips;

    @TempDir
    Path temp;

    @BeforeAll
    static void clips() throws IOException {
        String configured = System.getProperty("transcribe.eval.dir");
        Path dir = configured == null ? null : Path.of(configured, "speech");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "no eval speech directory (transcribe.eval.dir=" + configured + "): the pass-through tests are skipped");
        try (Stream<Path> files = Files.list(dir)) {
            clips = files.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
        }
        assertFalse(clips.isEmpty());
    }

    @Test
    void javaPathKeepsEverySampleOfEveryClip() throws Exception {
        check(DecodingFixtures.javaDecoders(temp), clips);
    }

    @Test
    void ffmpegPathKeepsEverySample() throws Exception {
        Assumptions.assumeTrue(DecodingFixtures.ffmpeg().isPresent(), DecodingFixtures.NO_FFMPEG);
        check(DecodingFixtures.ffmpegDecoders(temp), clips.subList(0, Math.min(8, clips.size())));
    }

    private static void check(AudioDecoders decoders, List<Path> files) throws Exception {
        long total = 0;
        for (Path clip : files) {
            byte[] data = dataChunk(clip);
            try (DecodedAudio audio = decoders.decode(clip)) {
                assertEquals(data.length / 2, audio.samples(), clip.getFileName().toString());
                assertArrayEquals(data, Files.readAllBytes(audio.pcm()), clip.getFileName() + ": identical samples");
                total += audio.samples();
            }
        }
        System.out.printf("%-6s %d eval clips (%.1f s) decoded to their exact samples%n", decoders.decoder().name(),
                files.size(), total / 16000.0);
    }

    /** The data chunk of a 16 kHz mono 16-bit PCM WAV (asserted to be so). */
    static byte[] dataChunk(Path wav) throws IOException {
        byte[] b = Files.readAllBytes(wav);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int p = 12;
        while (p + 8 <= b.length) {
            String id = new String(b, p, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            int size = buf.getInt(p + 4);
            if (id.equals("fmt ")) {
                assertEquals(1, buf.getShort(p + 8), wav + ": PCM");
                assertEquals(1, buf.getShort(p + 10), wav + ": mono");
                assertEquals(16000, buf.getInt(p + 12), wav + ": 16 kHz");
                assertEquals(16, buf.getShort(p + 22), wav + ": 16-bit");
            }
            if (id.equals("data")) {
                int end = (int) Math.min(b.length, (long) p + 8 + (size & 0xFFFFFFFFL));
                return Arrays.copyOfRange(b, p + 8, end - ((end - p - 8) & 1));
            }
            p += 8 + size + (size & 1);
        }
        throw new IOException(wav + " has no data chunk");
    }
}
