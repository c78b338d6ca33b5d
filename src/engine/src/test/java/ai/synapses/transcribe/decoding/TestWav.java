package ai.synapses.transcribe.decoding;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntToDoubleFunction;

/** Writes 16-bit PCM WAV files for tests, streaming (any length, flat memory). */
final class TestWav {

    private TestWav() {
    }

    /**
     * {@code frames} frames of {@code channels} channels at {@code rate}; channel {@code c} of frame {@code i}
     * is {@code signal.applyAsDouble(i * channels + c)} in [-1, 1], rounded to 16 bits.
     */
    static Path write(Path file, int rate, int channels, long frames, IntToDoubleFunction signal) throws IOException {
        long dataBytes = frames * channels * 2;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write("RIFF".getBytes());
            le32(out, 36 + dataBytes);
            out.write("WAVEfmt ".getBytes());
            le32(out, 16);
            le16(out, 1);
            le16(out, channels);
            le32(out, rate);
            le32(out, (long) rate * channels * 2);
            le16(out, channels * 2);
            le16(out, 16);
            out.write("data".getBytes());
            le32(out, dataBytes);
            for (long i = 0; i < frames * channels; i++) {
                int v = (int) Math.round(signal.applyAsDouble((int) i) * 32767);
                v = Math.max(-32768, Math.min(32767, v));
                out.write(v & 0xFF);
                out.write((v >> 8) & 0xFF);
            }
        }
        return file;
    }

    private static void le16(OutputStream out, int v) throws IOException {
        out.write(v & 0xFF);
        out.write((v >> 8) & 0xFF);
    }

    private static void le32(OutputStream out, long v) throws IOException {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >> (8 * i)) & 0xFF);
        }
    }
}
