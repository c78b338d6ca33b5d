package ai.synapses.transcribe.decoding;

import ai.synapses.transcribe.audioformat.AudioFileIdentity;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A customer's audio file downloaded to {@code file} ({@code bytes} long) from {@code url} (after redirects).
 * {@code contentType} is the server's label, a hint only; {@code etag} and {@code lastModified} are the file's
 * identity as the server gave it, to compare with what the submit's probe saw. The file is the caller's:
 * {@link #close()} deletes it.
 */
public record DownloadedAudio(Path file, long bytes, URI url, Optional<String> contentType, Optional<String> etag,
        Optional<String> lastModified) implements AutoCloseable {

    /** Size, ETag and Last-Modified of what was downloaded. */
    public AudioFileIdentity identity() {
        return new AudioFileIdentity(bytes, etag.orElse(null), lastModified.orElse(null));
    }

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
