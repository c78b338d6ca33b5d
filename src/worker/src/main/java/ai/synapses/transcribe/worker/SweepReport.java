package ai.synapses.transcribe.worker;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The sweeper's answer (Lambda logs it; the tests read it). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@RegisterForReflection
public record SweepReport(int stuckJobsRecovered, int unclaimedJobsRequeued, int unclaimedJobsFailed, int unsentJobsSent,
                          int webhooksSent, int idempotencyKeysPurged, int rateLimitWindowsPurged, String scheduledTime) {
}
