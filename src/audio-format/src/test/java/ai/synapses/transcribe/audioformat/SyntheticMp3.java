package ai.synapses.transcribe.audioformat;

import java.io.ByteArrayOutputStream;
import java.util.function.IntUnaryOperator;

/**
 * MPEG-1 layer III streams made of bare frame headers and silent payloads: enough for a reader that only
 * looks at headers, and any length can be made in memory. At 48 kHz a frame is exactly 3 x kbit/s bytes long,
 * so no padding bits are needed.
 */
final class SyntheticMp3 {

    static final int RATE = 48_000;
    static final int SAMPLES_PER_FRAME = 1152;
    private static final int[] KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long frames;

    /** Appends {@code count} frames; {@code bitrateIndex} gives the bitrate index (1-14) of the n-th frame. */
    SyntheticMp3 frames(int count, IntUnaryOperator bitrateIndex) {
        for (int n = 0; n < count; n++) {
            int index = bitrateIndex.applyAsInt(n);
            byte[] frame = new byte[3 * KBPS[index]];
            frame[0] = (byte) 0xFF;
            frame[1] = (byte) 0xFB;                 // MPEG-1, layer III, no CRC
            frame[2] = (byte) (index << 4 | 1 << 2); // bitrate, 48 kHz, no padding
            frame[3] = (byte) 0xC4;                 // mono, original
            out.writeBytes(frame);
            frames++;
        }
        return this;
    }

    SyntheticMp3 bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    double seconds() {
        return (double) frames * SAMPLES_PER_FRAME / RATE;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
