package ai.synapses.transcribe.decoding;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A customer's audio file downloaded to {@code file} ({@code bytes} long) from {@code url} (after redirects).
 * {@code contentType} is the server's label, a hint only. The file is the caller's: {@link #close()} deletes it.
 */
public record DownloadedAudio(Path file, long bytes, URI url, Optional<String> contentType) implements AutoCloseable {

    /** Deletes the file (idempotent). */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind
        }
    }
}
