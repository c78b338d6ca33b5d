package ai.synapses.transcribe.availability;

import ai.synapses.transcribe.error.ApiProblem;

import java.util.Map;

/**
 * A dependency of ours (the database) is down: {@code 503 service_unavailable}. Raised before anything
 * was committed, so nothing was charged and no job exists; the customer may simply retry.
 */
public class ServiceUnavailable extends ApiProblem {

    public static final String CODE = "service_unavailable";

    public ServiceUnavailable(String dependency, String message) {
        super(503, CODE, message, null, Map.of("dependency", dependency));
    }
}
