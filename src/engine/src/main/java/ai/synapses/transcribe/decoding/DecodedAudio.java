package ai.synapses.transcribe.decoding;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A decoded file: raw PCM, 16 kHz, mono, signed 16-bit little-endian, no header, at {@code pcm}
 * ({@code samples * 2} bytes). {@code durationSeconds} is exactly {@code samples / 16000}: the true duration
 * that settles the bill. The file is the caller's: {@link #close()} deletes it.
 */
public record DecodedAudio(Path pcm, long samples, double durationSeconds) implements AutoCloseable {

    public static final int SAMPLE_RATE = 16000;
    public static final int BYTES_PER_SAMPLE = 2;

    public DecodedAudio(Path pcm, long samples) {
        this(pcm, samples, samples / (double) SAMPLE_RATE);
    }

    /** The PCM bytes, buffered; the caller closes the stream. */
    public InputStream open() throws IOException {
        return new BufferedInputStream(Files.newInputStream(pcm), 64 * 1024);
    }

    /**
     * The first {@code maxSamples} of this audio, cutting the file itself so that nothing reading it can see
     * more; this audio unchanged when it is not longer. The result owns the same file.
     */
    public DecodedAudio truncatedTo(long maxSamples) throws IOException {
        if (samples <= maxSamples) {
            return this;
        }
        long keep = Math.max(0, maxSamples);
        try (FileChannel channel = FileChannel.open(pcm, StandardOpenOption.WRITE)) {
            channel.truncate(keep * BYTES_PER_SAMPLE);
        }
        return new DecodedAudio(pcm, keep);
    }

    /** Deletes the PCM file (idempotent). */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(pcm);
        } catch (IOException ignored) {
            // a temp file left behind; the temp directory is cleaned with the container
        }
    }
}
