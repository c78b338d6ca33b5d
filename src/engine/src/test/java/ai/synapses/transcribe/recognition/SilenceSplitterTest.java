package ai.synapses.transcribe.recognition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SilenceSplitterTest {

    private final SilenceSplitter splitter = new SilenceSplitter(30, 5, 250);

    @TempDir
    Path dir;

    @Test
    void cutsLongAudioInsideItsSilences() throws IOException {
        double[] silences = {12.0, 27.3, 33.1, 41.0, 58.8, 63.5, 72.0, 90.0, 101.7, 118.2};
        Path pcm = write("loud.pcm", 130, silences);

        List<PcmChunk> chunks = splitter.plan(pcm);

        assertCoversContiguously(chunks, Files.size(pcm));
        assertTrue(chunks.size() >= 3, "chunks: " + chunks);
        for (PcmChunk chunk : chunks.subList(1, chunks.size())) {
            double cut = chunk.startByte() / (double) Pcm.BYTES_PER_SECOND;
            boolean inSilence = false;
            for (double silence : silences) {
                inSilence |= cut >= silence && cut <= silence + 0.4;
            }
            assertTrue(inSilence, "cut at " + cut + " s is not in a silence");
            assertTrue(chunk.startByte() % Pcm.FRAME_BYTES == 0, "cuts fall on 10 ms frames");
        }
        for (PcmChunk chunk : chunks) {
            double seconds = Pcm.seconds(chunk.bytes());
            assertTrue(seconds >= 25 && seconds <= 45, "chunk length " + seconds);
        }
    }

    @Test
    void evenSilenceIsCutWhereAimed() throws IOException {
        Path pcm = dir.resolve("silence.pcm");
        Files.write(pcm, new byte[100 * Pcm.BYTES_PER_SECOND]);

        List<PcmChunk> chunks = splitter.plan(pcm);

        assertEquals(List.of(
                new PcmChunk(0, 0, 30L * Pcm.BYTES_PER_SECOND),
                new PcmChunk(1, 30L * Pcm.BYTES_PER_SECOND, 60L * Pcm.BYTES_PER_SECOND),
                new PcmChunk(2, 60L * Pcm.BYTES_PER_SECOND, 100L * Pcm.BYTES_PER_SECOND)), chunks);
        assertEquals(30_000, chunks.get(1).startMillis());
    }

    @Test
    void audioUpToOneAndAHalfChunksIsOneChunk() throws IOException {
        assertEquals(1, splitter.plan(write("short.pcm", 11, new double[0])).size());
        assertEquals(1, splitter.plan(write("limit.pcm", 45, new double[0])).size());
        assertEquals(2, splitter.plan(write("over.pcm", 46, new double[0])).size());
    }

    @Test
    void emptyAndOddFiles() throws IOException {
        Path empty = dir.resolve("empty.pcm");
        Files.write(empty, new byte[0]);
        assertTrue(splitter.plan(empty).isEmpty());

        Path odd = dir.resolve("odd.pcm");
        Files.write(odd, new byte[1001]);
        assertEquals(List.of(new PcmChunk(0, 0, 1000)), splitter.plan(odd));
    }

    private static void assertCoversContiguously(List<PcmChunk> chunks, long size) {
        long expectedStart = 0;
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(i, chunks.get(i).index());
            assertEquals(expectedStart, chunks.get(i).startByte());
            assertTrue(chunks.get(i).endByte() > chunks.get(i).startByte());
            expectedStart = chunks.get(i).endByte();
        }
        assertEquals(size & ~1L, expectedStart);
    }

    /** Loud noise (like speech, as far as energy goes) with 400 ms near-silences starting at the given seconds. */
    private Path write(String name, double seconds, double[] silences) throws IOException {
        int samples = (int) (seconds * Pcm.SAMPLE_RATE);
        ByteBuffer buffer = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        Random random = new Random(7);
        for (int i = 0; i < samples; i++) {
            double t = i / (double) Pcm.SAMPLE_RATE;
            boolean quiet = false;
            for (double silence : silences) {
                quiet |= t >= silence && t < silence + 0.4;
            }
            int amplitude = quiet ? 5 : 4000;
            buffer.putShort((short) (random.nextInt(2 * amplitude + 1) - amplitude));
        }
        Path path = dir.resolve(name);
        Files.write(path, buffer.array());
        return path;
    }
}
