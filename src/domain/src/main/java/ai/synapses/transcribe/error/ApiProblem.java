package ai.synapses.transcribe.error;

import java.util.Map;

/**
 * A refusal the customer should understand: an HTTP status, a stable snake_case {@code code}, a
 * human message, the offending request {@code field} when there is one, and optional details.
 * Thrown anywhere in the domain; the API turns it into the error envelope.
 */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final Map<String, Object> details;

    public ApiProblem(int status, String code, String message, String field, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.details = details;
    }

    public ApiProblem(int status, String code, String message, String field) {
        this(status, code, message, field, null);
    }

    public static ApiProblem badRequest(String code, String message, String field) {
        return new ApiProblem(400, code, message, field);
    }

    public int status() {
        return status;
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
