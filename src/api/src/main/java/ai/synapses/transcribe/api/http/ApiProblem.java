package ai.synapses.transcribe.api.http;

import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;

import java.util.Map;

/**
 * A refusal as the API answers it: an HTTP status, a stable snake_case {@code code}, a human message, the
 * offending request {@code field} when there is one, and optional details. The domain's refusals arrive as a
 * {@link DomainException} and get their status from {@link #status(ErrorKind)}; the API's own (routes, media
 * types, credentials, the shape of a body) are thrown as an ApiProblem directly.
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

    /** The domain's refusal with the status of its kind; code, message, field and details unchanged. */
    public static ApiProblem of(DomainException e) {
        return new ApiProblem(status(e.kind()), e.code(), e.getMessage(), e.field(), e.details());
    }

    /** The one table from the domain's kinds of refusal to HTTP statuses. */
    public static int status(ErrorKind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case INSUFFICIENT_FUNDS -> 402;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case GONE -> 410;
            case UNPROCESSABLE -> 422;
            case RATE_LIMITED -> 429;
            case OUTCOME_UNKNOWN -> 500;
            case UNAVAILABLE -> 503;
        };
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
