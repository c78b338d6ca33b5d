package ai.synapses.transcribe.error;

import java.util.Map;

/**
 * A refusal the customer should understand: its {@link ErrorKind}, a stable snake_case {@code code}, a human
 * message, the offending request {@code field} when there is one, and optional details. Thrown anywhere in the
 * domain; each adapter renders it (the API as its error envelope, with the status of the kind).
 */
public class DomainException extends RuntimeException {

    private final ErrorKind kind;
    private final String code;
    private final String field;
    private final Map<String, Object> details;

    public DomainException(ErrorKind kind, String code, String message, String field, Map<String, Object> details) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.field = field;
        this.details = details;
    }

    public DomainException(ErrorKind kind, String code, String message, String field) {
        this(kind, code, message, field, null);
    }

    /** The request is wrong: {@link ErrorKind#INVALID}. */
    public static DomainException invalid(String code, String message, String field) {
        return new DomainException(ErrorKind.INVALID, code, message, field);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public Map<String, Object> details() {
        return details;
    }
}
