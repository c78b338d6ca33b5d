package ai.synapses.transcribe.billing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;

/** What a second of audio costs. Every factor is echoed to the customer in {@code billing.multipliers}. */
@ConfigMapping(prefix = "transcribe.pricing")
public interface PricingSettings {

    /** Synapses per second of audio for model fvt-1. */
    @WithDefault("1")
    BigDecimal ratePerSecond();

    @WithDefault("1.0")
    BigDecimal baseMultiplier();

    Priority priority();

    interface Priority {
        @WithDefault("1.0")
        BigDecimal normal();

        @WithDefault("1.5")
        BigDecimal high();

        @WithDefault("2.0")
        BigDecimal urgent();
    }
}
