package ai.synapses.transcribe.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What EventBridge Scheduler sends the sweeper: the schedule's {@code Input} of template.yaml, filled in
 * with the scheduler's context attributes ({@code <aws.scheduler.scheduled-time>} and so on). Every
 * field is informational: an empty event runs the same pass.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record ScheduledSweep(String scheduleArn, String scheduledTime, String executionId, String attemptNumber) {
}
