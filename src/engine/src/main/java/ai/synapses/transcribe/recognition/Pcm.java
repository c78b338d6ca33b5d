package ai.synapses.transcribe.recognition;

/** The one audio format the recogniser takes: 16 kHz, mono, signed 16-bit little-endian, no header. */
public final class Pcm {

    public static final int SAMPLE_RATE = 16_000;
    public static final int BYTES_PER_SAMPLE = 2;
    public static final int BYTES_PER_SECOND = SAMPLE_RATE * BYTES_PER_SAMPLE;
    /** 10 ms: chunk cuts fall on frames so that every chunk starts on a whole millisecond. */
    public static final int FRAME_BYTES = BYTES_PER_SECOND / 100;

    private Pcm() {
    }

    public static double seconds(long bytes) {
        return bytes / (double) BYTES_PER_SECOND;
    }

    /** Exact for frame-aligned offsets, which is all the chunker produces. */
    public static long millis(long bytes) {
        return bytes * 1000 / BYTES_PER_SECOND;
    }

    /** Whole 10 ms frames in {@code seconds}. */
    public static long frameBytes(double seconds) {
        return Math.round(seconds * 100) * FRAME_BYTES;
    }
}
