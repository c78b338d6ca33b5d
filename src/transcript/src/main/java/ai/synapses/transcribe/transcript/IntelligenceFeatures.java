package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The request's {@code intelligence_features}: which text features the transcript carries; null flags are off. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntelligenceFeatures(Boolean sentimentAnalysisEnabled, Boolean entityDetectionEnabled,
        Boolean autoHighlightsEnabled, Boolean summarizationEnabled) {
}
