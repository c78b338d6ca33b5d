package ai.synapses.transcribe.audioformat;

/**
 * Why a file could not be measured, as a stable snake_case {@link #code()} for the API's error envelope
 * and a message a customer can act on.
 */
public final class AudioFormatException extends Exception {

    /** Not audio at all: a web page, an image, a document, text, an empty file. */
    public static final String NOT_RECOGNIZED = "audio_not_recognized";
    /** An audio or video container we recognise but do not take (AIFF, WMA, WebM, video-only MP4...). */
    public static final String UNSUPPORTED_FORMAT = "audio_unsupported_format";
    /** One of our formats, but corrupt or truncated: no data chunk, no valid frame, zero duration. */
    public static final String UNREADABLE = "audio_unreadable";

    private final String code;

    private AudioFormatException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public static AudioFormatException notRecognized(String message) {
        return new AudioFormatException(NOT_RECOGNIZED, message, null);
    }

    public static AudioFormatException unsupported(String message) {
        return new AudioFormatException(UNSUPPORTED_FORMAT, message, null);
    }

    public static AudioFormatException unreadable(String message) {
        return new AudioFormatException(UNREADABLE, message, null);
    }

    static AudioFormatException unreadable(String message, Throwable cause) {
        return new AudioFormatException(UNREADABLE, message, cause);
    }

    public String code() {
        return code;
    }
}
