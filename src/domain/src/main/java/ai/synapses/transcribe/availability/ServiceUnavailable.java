package ai.synapses.transcribe.availability;

import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;

import java.util.Map;

/**
 * A dependency of ours (the database) is down: {@code service_unavailable}, {@link ErrorKind#UNAVAILABLE}. Raised before anything
 * was committed, so nothing was charged and no job exists; the customer may simply retry.
 */
public class ServiceUnavailable extends DomainException {

    public static final String CODE = "service_unavailable";

    public ServiceUnavailable(String dependency, String message) {
        super(ErrorKind.UNAVAILABLE, CODE, message, null, Map.of("dependency", dependency));
    }
}
