package ai.synapses.transcribe.processing;

/**
 * The job cannot be transcribed now. Not {@code retryable} (the audio is gone, undecodable, too long):
 * it fails for good with this code and is refunded. Retryable (the customer's server timed out): it is
 * tried again until the attempts run out.
 */
public class JobFailure extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public JobFailure(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
