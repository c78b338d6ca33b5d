package ai.synapses.transcribe.billing;

import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;

/** Prices a submit from the configured rate and multipliers; see {@link Price#of} for the arithmetic. */
@ApplicationScoped
public class PriceCalculator {

    private final PricingSettings settings;

    public PriceCalculator(PricingSettings settings) {
        this.settings = settings;
    }

    public Price quote(double durationSeconds, BigDecimal organizationMultiplier, String priority) {
        return Price.of(durationSeconds, settings.ratePerSecond(), settings.baseMultiplier(), organizationMultiplier,
                priorityMultiplier(priority));
    }

    public BigDecimal priorityMultiplier(String priority) {
        return switch (priority) {
            case "normal" -> settings.priority().normal();
            case "high" -> settings.priority().high();
            case "urgent" -> settings.priority().urgent();
            default -> throw new IllegalArgumentException("unknown priority " + priority);
        };
    }
}
