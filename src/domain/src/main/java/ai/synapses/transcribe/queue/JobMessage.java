package ai.synapses.transcribe.queue;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The body of a job message: just enough to find the job; everything else is in the database. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobMessage(String transcriptionId, String organizationId) {
}
