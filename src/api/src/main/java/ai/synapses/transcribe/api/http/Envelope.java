package ai.synapses.transcribe.api.http;

import java.util.Map;

/** The two shapes every answer takes: the seed's success envelope and the error envelope. */
public final class Envelope {

    private Envelope() {
    }

    public record Success(boolean success, Object data, Object billing, Metadata metadata, Object actions) {
        public Success(Object data, Object billing, Metadata metadata, Object actions) {
            this(true, data, billing, metadata, actions);
        }
    }

    public record Failure(boolean success, Error error, Metadata metadata) {
        public Failure(Error error, Metadata metadata) {
            this(false, error, metadata);
        }
    }

    public record Error(String code, String message, String field, Map<String, Object> details) {
    }

    /** {@code processing_time_ms} is left out of error envelopes. */
    public record Metadata(String requestId, String timestamp, Long processingTimeMs) {
    }

    public record Link(String method, String href) {
    }
}
