package ai.synapses.transcribe.decoding;

import ai.synapses.transcribe.transcript.EngineSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The values of {@link DecodingSettings} (and the engine's longest audio) as a plain record, so downloading and decoding work without CDI
 * (tests, benchmarks). {@code ffmpegPath} empty means "look up {@code ffmpeg} on the PATH".
 */
public record DecodingOptions(
        boolean ffmpegEnabled,
        Optional<Path> ffmpegPath,
        long maxDownloadBytes,
        Duration maxDuration,
        Duration downloadTimeout,
        Duration decodeTimeout,
        Path tempDir) {

    public static final long DEFAULT_MAX_DOWNLOAD_BYTES = 1L << 30;
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(4);

    public DecodingOptions {
        Objects.requireNonNull(ffmpegPath, "ffmpegPath");
        Objects.requireNonNull(tempDir, "tempDir");
        if (maxDownloadBytes < 1 || !positive(maxDuration) || !positive(downloadTimeout) || !positive(decodeTimeout)) {
            throw new IllegalArgumentException("decoding limits must be positive");
        }
    }

    /** The production defaults (the same as {@link DecodingSettings}'s). */
    public static DecodingOptions defaults() {
        return new DecodingOptions(true, Optional.empty(), DEFAULT_MAX_DOWNLOAD_BYTES, DEFAULT_MAX_DURATION,
                Duration.ofMinutes(15), Duration.ofMinutes(20), defaultTempDir());
    }

    /** {@code engine} gives the longest audio, the limit the submit applies too. */
    public static DecodingOptions of(DecodingSettings settings, EngineSettings engine) {
        return new DecodingOptions(settings.ffmpegEnabled(), settings.ffmpegPath(), settings.maxDownloadBytes(),
                engine.maxDuration(), settings.downloadTimeout(), settings.decodeTimeout(),
                settings.tempDir().orElseGet(DecodingOptions::defaultTempDir));
    }

    /** Pure-Java decoding only. */
    public DecodingOptions withoutFfmpeg() {
        return new DecodingOptions(false, ffmpegPath, maxDownloadBytes, maxDuration, downloadTimeout, decodeTimeout, tempDir);
    }

    public DecodingOptions withFfmpegPath(Path path) {
        return new DecodingOptions(true, Optional.of(path), maxDownloadBytes, maxDuration, downloadTimeout, decodeTimeout, tempDir);
    }

    public DecodingOptions withMaxDownloadBytes(long bytes) {
        return new DecodingOptions(ffmpegEnabled, ffmpegPath, bytes, maxDuration, downloadTimeout, decodeTimeout, tempDir);
    }

    public DecodingOptions withMaxDuration(Duration duration) {
        return new DecodingOptions(ffmpegEnabled, ffmpegPath, maxDownloadBytes, duration, downloadTimeout, decodeTimeout, tempDir);
    }

    public DecodingOptions withTimeouts(Duration download, Duration decode) {
        return new DecodingOptions(ffmpegEnabled, ffmpegPath, maxDownloadBytes, maxDuration, download, decode, tempDir);
    }

    public DecodingOptions withTempDir(Path dir) {
        return new DecodingOptions(ffmpegEnabled, ffmpegPath, maxDownloadBytes, maxDuration, downloadTimeout, decodeTimeout, dir);
    }

    /** {@link #maxDuration} in 16 kHz output samples. */
    public long maxSamples() {
        return maxDuration.toMillis() * DecodedAudio.SAMPLE_RATE / 1000;
    }

    private static Path defaultTempDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
