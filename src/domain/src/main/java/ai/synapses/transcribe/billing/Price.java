package ai.synapses.transcribe.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A quote: the synapses to charge and the rate and multipliers that produced it. */
public record Price(long synapses, BigDecimal ratePerSecond, BigDecimal base, BigDecimal organization, BigDecimal priority) {

    /**
     * {@code ceil(duration x rate x base x organization x priority)} in exact decimal arithmetic. The
     * duration is first taken to the millisecond, so binary noise in a measured duration
     * (10.000000001 s) cannot cost a customer a whole extra synapse.
     */
    public static Price of(double durationSeconds, BigDecimal ratePerSecond, BigDecimal base, BigDecimal organization,
            BigDecimal priority) {
        BigDecimal seconds = BigDecimal.valueOf(durationSeconds).setScale(3, RoundingMode.HALF_UP);
        BigDecimal exact = seconds.multiply(ratePerSecond).multiply(base).multiply(organization).multiply(priority);
        return new Price(exact.setScale(0, RoundingMode.CEILING).longValueExact(), ratePerSecond, base, organization, priority);
    }

    /** The same factors applied to another duration: what the decoded audio really costs at settlement. */
    public Price forDuration(double durationSeconds) {
        return of(durationSeconds, ratePerSecond, base, organization, priority);
    }

    /**
     * The longest audio, to the millisecond, that {@code paid} synapses buy at these factors: the inverse of
     * {@link #of}, rounded down, so {@code forDuration(secondsCoveredBy(n)).synapses() <= n}. Infinite when
     * the factors make audio free.
     */
    public double secondsCoveredBy(long paid) {
        BigDecimal perSecond = ratePerSecond.multiply(base).multiply(organization).multiply(priority);
        if (perSecond.signum() <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return BigDecimal.valueOf(Math.max(0, paid)).divide(perSecond, 3, RoundingMode.FLOOR).doubleValue();
    }
}
