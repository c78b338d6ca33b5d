package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** The request's {@code webhook}: where the job's events go, and which (null or empty: all of them). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Webhook(String url, List<String> events) {

    /** Whether {@code eventType} is one the customer asked for. */
    public boolean subscribes(String eventType) {
        return events == null || events.isEmpty() || events.contains(eventType);
    }

    /** The same webhook sent to {@code otherUrl}. */
    public Webhook withUrl(String otherUrl) {
        return new Webhook(otherUrl, events);
    }
}
