package ai.synapses.transcribe.decoding;

import ai.synapses.transcribe.audioformat.AudioFormatException;

/**
 * Why a job's audio could not be downloaded or decoded: a stable snake_case {@link #code()} for the job's
 * {@code error.code}, a message a customer can act on, and {@link #retryable()}: whether another attempt
 * may succeed (network trouble, a 5xx, a decoder that crashed) or the job should fail now (a 404, a file
 * too large, corrupt or in a format this deployment cannot decode).
 *
 * <p>Fetch failures carry the same codes the submit answers with ({@code audio_url_http_error},
 * {@code audio_url_timeout}, ...); {@link #httpStatus()} keeps the status of an {@code audio_url_http_error}.
 */
public final class AudioProcessingException extends Exception {

    /** The download broke for a reason that is not the URL's fault (disk full, stream cut): retryable. */
    public static final String DOWNLOAD_FAILED = "audio_download_failed";
    /** More bytes than {@code transcribe.decoding.max-download-bytes}. */
    public static final String TOO_LARGE = "audio_too_large";
    /** Longer than {@code transcribe.decoding.max-duration}. */
    public static final String TOO_LONG = "audio_too_long";
    /** A format the probe accepts but no decoder of this deployment can decode (M4A/AAC without ffmpeg). */
    public static final String NOT_DECODABLE = "audio_format_not_decodable";
    /** The decoder failed for a reason of its own (ffmpeg crashed or timed out): retryable. */
    public static final String DECODE_FAILED = "audio_decode_failed";
    /** Not audio at all (same code as the submit's probe). */
    public static final String NOT_RECOGNIZED = AudioFormatException.NOT_RECOGNIZED;
    /** A container or codec we do not take (same code as the submit's probe). */
    public static final String UNSUPPORTED_FORMAT = AudioFormatException.UNSUPPORTED_FORMAT;
    /** One of our formats, but corrupt, truncated or without audio (same code as the submit's probe). */
    public static final String UNREADABLE = AudioFormatException.UNREADABLE;

    private static final long serialVersionUID = 1L;

    private final String code;
    private final boolean retryable;
    private final int httpStatus;

    public AudioProcessingException(String code, String message, boolean retryable, Throwable cause) {
        this(code, message, retryable, 0, cause);
    }

    private AudioProcessingException(String code, String message, boolean retryable, int httpStatus, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
        this.httpStatus = httpStatus;
    }

    public static AudioProcessingException tooLarge(long maxBytes) {
        return new AudioProcessingException(TOO_LARGE, "The audio file is larger than the limit of " + maxBytes
                + " bytes (" + human(maxBytes) + ").", false, null);
    }

    public static AudioProcessingException tooLong(double maxSeconds) {
        return new AudioProcessingException(TOO_LONG, "The audio is longer than the limit of "
                + Math.round(maxSeconds) + " seconds.", false, null);
    }

    public static AudioProcessingException notDecodable(String format) {
        return new AudioProcessingException(NOT_DECODABLE, describe(format)
                + " audio cannot be decoded by this deployment (it has no ffmpeg); send WAV, FLAC, MP3, Ogg Vorbis or Opus.",
                false, null);
    }

    public static AudioProcessingException unreadable(String message, Throwable cause) {
        return new AudioProcessingException(UNREADABLE, message, false, cause);
    }

    public static AudioProcessingException decodeFailed(String message, Throwable cause) {
        return new AudioProcessingException(DECODE_FAILED, message, true, cause);
    }

    public static AudioProcessingException downloadFailed(String message, Throwable cause) {
        return new AudioProcessingException(DOWNLOAD_FAILED, message, true, cause);
    }

    /** The probe's refusal, same code. */
    public static AudioProcessingException of(AudioFormatException e) {
        return new AudioProcessingException(e.code(), e.getMessage(), false, e);
    }

    /**
     * The audio could not be fetched: {@code code} is one of the submit's fetch codes ({@code audio_url_http_error},
     * {@code audio_url_timeout}, ...), {@code remoteStatus} the status the audio's host answered with, 0 for none.
     */
    public static AudioProcessingException fetchFailed(String code, String message, boolean retryable, int remoteStatus,
            Throwable cause) {
        return new AudioProcessingException(code, message, retryable, remoteStatus, cause);
    }

    /** Stable snake_case code, e.g. {@code audio_too_large}. */
    public String code() {
        return code;
    }

    /** True when another attempt may succeed; false when the job should fail (and be refunded) now. */
    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status of an {@code audio_url_http_error}, 0 otherwise. */
    public int httpStatus() {
        return httpStatus;
    }

    static String describe(String format) {
        return switch (format) {
            case "m4a" -> "M4A/AAC";
            case "mp3" -> "MP3";
            case "wav" -> "WAV";
            case "flac" -> "FLAC";
            case "ogg_vorbis" -> "Ogg Vorbis";
            case "opus" -> "Opus";
            default -> format;
        };
    }

    private static String human(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20) {
            return Math.round(bytes / (double) (1L << 20)) + " MiB";
        }
        return bytes + " B";
    }
}
