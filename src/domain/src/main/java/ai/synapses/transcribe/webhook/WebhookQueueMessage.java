package ai.synapses.transcribe.webhook;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The body of a webhook queue message: which message, and the attempt count it was sent at. A message
 * whose count no longer matches the row (a duplicate, or one overtaken by a redelivery) claims nothing.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookQueueMessage(String messageId, int attempt) {
}
