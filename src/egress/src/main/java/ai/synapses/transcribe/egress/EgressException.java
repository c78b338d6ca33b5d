package ai.synapses.transcribe.egress;

import java.io.IOException;
import java.util.Locale;

/**
 * Why an outbound request was refused or failed, as a stable snake_case {@link #code()} plus a message
 * a customer can act on. It is an {@link IOException} so that it passes unchanged through
 * {@code RemoteAudio.read} and {@code InputStream.read} to whoever asked for the bytes.
 */
public final class EgressException extends IOException {

    /** The stable reasons; {@link #code()} is the lower-case name. */
    public enum Reason {
        /** Not a URL, or a host that is neither a valid name nor a valid address. */
        URL_INVALID,
        URL_NOT_HTTPS,
        URL_HAS_CREDENTIALS,
        ADDRESS_FORBIDDEN,
        HOST_UNRESOLVABLE,
        TOO_MANY_REDIRECTS,
        UNREACHABLE,
        HTTP_ERROR,
        TIMEOUT,
        TOO_LARGE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final int httpStatus;
    private final boolean deadlineExceeded;

    public EgressException(Reason reason, String message) {
        this(reason, message, 0, false, null);
    }

    public EgressException(Reason reason, String message, Throwable cause) {
        this(reason, message, 0, false, cause);
    }

    private EgressException(Reason reason, String message, int httpStatus, boolean deadlineExceeded, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.httpStatus = httpStatus;
        this.deadlineExceeded = deadlineExceeded;
    }

    /** A non-2xx answer; the status is kept so callers (webhook retries, the 416 of an empty file) can tell them apart. */
    public static EgressException httpError(int status, String message) {
        return new EgressException(Reason.HTTP_ERROR, message, status, false, null);
    }

    /** A {@code timeout}: the whole exchange (or probe) ran out of its time, and its connection was torn down. */
    static EgressException deadlineExceeded(String message) {
        return new EgressException(Reason.TIMEOUT, message, 0, true, null);
    }

    public static EgressException forbidden(String host, AddressClass addressClass) {
        return new EgressException(Reason.ADDRESS_FORBIDDEN,
                "host " + host + " resolves to " + addressClass.description() + ", which is not allowed");
    }

    public Reason reason() {
        return reason;
    }

    /** The stable snake_case code, e.g. {@code address_forbidden}. */
    public String code() {
        return reason.code();
    }

    /** The HTTP status of an {@code http_error}, 0 otherwise. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * True for a {@code timeout} of the whole exchange rather than of one wait for bytes: the host kept it
     * going for the full time allowed, so trying again costs as much again.
     */
    public boolean deadlineExceeded() {
        return deadlineExceeded;
    }

    /** The same failure, its message prefixed with where it happened (e.g. "redirect 2"). */
    EgressException within(String context) {
        return new EgressException(reason, context + ": " + getMessage(), httpStatus, deadlineExceeded, this);
    }
}
