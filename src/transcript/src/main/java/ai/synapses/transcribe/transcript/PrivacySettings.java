package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** The request's {@code privacy_settings}: whether PII is redacted, which {@link PiiPolicies}, and how it is replaced. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PrivacySettings(Boolean piiRedactionEnabled, List<String> piiPolicies, String piiSubstitution) {
}
