package ai.synapses.transcribe.decoding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Cutting decoded audio to what a job paid for cuts the file itself, so no reader can see past it. */
class DecodedAudioTest {

    @Test
    void truncatingCutsTheFileAndKeepsTheStart(@TempDir Path dir) throws Exception {
        byte[] pcm = new byte[3 * DecodedAudio.SAMPLE_RATE * DecodedAudio.BYTES_PER_SAMPLE];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("audio.s16le"), pcm);
        DecodedAudio decoded = new DecodedAudio(file, 3L * DecodedAudio.SAMPLE_RATE);

        assertSame(decoded, decoded.truncatedTo(3L * DecodedAudio.SAMPLE_RATE), "not longer: unchanged");
        assertSame(decoded, decoded.truncatedTo(Long.MAX_VALUE));
        assertEquals(pcm.length, Files.size(file));

        DecodedAudio cut = decoded.truncatedTo(DecodedAudio.SAMPLE_RATE + 8000);
        assertEquals(1.5, cut.durationSeconds(), 1e-9);
        assertEquals(24_000, cut.samples());
        assertEquals(48_000, Files.size(file));
        assertArrayEquals(java.util.Arrays.copyOf(pcm, 48_000), Files.readAllBytes(file));
        assertEquals(file, cut.pcm(), "the same file, still deleted by close()");
        cut.close();
        assertEquals(false, Files.exists(file));
    }
}
