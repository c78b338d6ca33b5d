package ai.synapses.transcribe.billing;

import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code ceil(duration x rate x base x organization x priority)} in exact decimal arithmetic.
 * The duration is first taken to the millisecond, so binary noise in a parsed duration
 * (10.000000001 s) cannot cost a customer a whole extra synapse.
 */
@ApplicationScoped
public class PriceCalculator {

    private final PricingSettings settings;

    public PriceCalculator(PricingSettings settings) {
        this.settings = settings;
    }

    public Price quote(double durationSeconds, BigDecimal organizationMultiplier, String priority) {
        BigDecimal priorityMultiplier = priorityMultiplier(priority);
        BigDecimal seconds = BigDecimal.valueOf(durationSeconds).setScale(3, RoundingMode.HALF_UP);
        BigDecimal exact = seconds.multiply(settings.ratePerSecond())
                .multiply(settings.baseMultiplier())
                .multiply(organizationMultiplier)
                .multiply(priorityMultiplier);
        long synapses = exact.setScale(0, RoundingMode.CEILING).longValueExact();
        return new Price(synapses, settings.baseMultiplier(), organizationMultiplier, priorityMultiplier);
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
