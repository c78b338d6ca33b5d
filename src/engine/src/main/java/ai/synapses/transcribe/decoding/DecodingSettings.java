package ai.synapses.transcribe.decoding;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Downloading and decoding a job's audio (TRANSCRIBE_DECODING_...). {@link DecodingOptions} is the plain form. The
 * longest audio decoded is the engine's {@code transcribe.engine.max-duration}, which the submit checks too.
 */
@ConfigMapping(prefix = "transcribe.decoding")
public interface DecodingSettings {

    /** Use ffmpeg when one is found; false forces the pure-Java decoders (then M4A/AAC is not decodable). */
    @WithDefault("true")
    boolean ffmpegEnabled();

    /** The ffmpeg binary; unset: {@code ffmpeg} looked up on the PATH. */
    Optional<Path> ffmpegPath();

    /** The largest audio file downloaded (bytes); a larger one fails with {@code audio_too_large}. Default 1 GiB. */
    @WithDefault("1073741824")
    long maxDownloadBytes();

    /**
     * How long one download may take, connect to last byte: the connection is closed at that moment and the job
     * fails with {@code audio_url_timeout} (refunded, not retried). The fetch client's total time-out is for probes.
     */
    @WithDefault("15m")
    Duration downloadTimeout();

    /** How long one decode may take (ffmpeg is killed then; the Java decoders stop). */
    @WithDefault("20m")
    Duration decodeTimeout();

    /** Where downloads and decoded PCM go; unset: {@code java.io.tmpdir}. Needs room for both (about 1.1x the file plus 115 MiB per hour). */
    Optional<Path> tempDir();
}
