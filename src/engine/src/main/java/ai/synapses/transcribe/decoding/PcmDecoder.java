package ai.synapses.transcribe.decoding;

import java.nio.file.Path;
import java.util.Set;

/**
 * Decodes a local audio file into raw PCM: 16 kHz, mono, signed 16-bit little-endian, no header, written by
 * streaming (memory stays flat whatever the length). Implementations: {@link FfmpegDecoder}, {@link JavaDecoder};
 * {@link AudioDecoders} picks one and detects the container first.
 */
public interface PcmDecoder {

    /** A short name for logs and benchmarks: {@code ffmpeg} or {@code java}. */
    String name();

    /** The probe's format names ({@code wav}, {@code mp3}, {@code flac}, {@code ogg_vorbis}, {@code opus}, {@code m4a}) this decoder takes. */
    Set<String> formats();

    /**
     * Decodes {@code input}, whose container is {@code format} (as detected by the probe), into {@code output}
     * (created or overwritten). On failure {@code output} may be left behind: the caller deletes it.
     *
     * @throws AudioProcessingException {@code audio_too_long} past {@code maxSamples} (16 kHz samples),
     *                                  {@code audio_unreadable}, {@code audio_format_not_decodable},
     *                                  {@code audio_decode_failed} (time-out, crash: retryable)
     */
    DecodedAudio decode(Path input, String format, Path output, Limits limits) throws AudioProcessingException;

    /** Bounds of one decode. */
    record Limits(long maxSamples, double maxSeconds, long deadlineNanos) {

        /** {@code options}' maximum duration, and a deadline {@code options.decodeTimeout()} from now. */
        public static Limits of(DecodingOptions options) {
            return new Limits(options.maxSamples(), options.maxDuration().toMillis() / 1000.0,
                    System.nanoTime() + options.decodeTimeout().toNanos());
        }
    }
}
