package ai.synapses.transcribe.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A quote: the synapses to charge and the rate and multipliers that produced it. */
public record Price(long synapses, BigDecimal ratePerSecond, BigDecimal base, BigDecimal organization, BigDecimal priority) {

    /** The smallest price: every job is a debit in the ledger, and the ledger records no movement of zero. */
    public static final long MINIMUM_SYNAPSES = 1;

    private static final BigDecimal LARGEST = BigDecimal.valueOf(Long.MAX_VALUE);

    /**
     * {@code ceil(duration x rate x base x organization x priority)} in exact decimal arithmetic, at least
     * {@link #MINIMUM_SYNAPSES}. The duration is first taken to the millisecond, so binary noise in a
     * measured duration (10.000000001 s) cannot cost a customer a whole extra synapse. A product beyond
     * what a balance can hold is priced at {@link Long#MAX_VALUE}, which no balance covers: such audio is
     * refused, never an overflow.
     */
    public static Price of(double durationSeconds, BigDecimal ratePerSecond, BigDecimal base, BigDecimal organization,
            BigDecimal priority) {
        if (!Double.isFinite(durationSeconds) || durationSeconds < 0) {
            throw new IllegalArgumentException("not a duration: " + durationSeconds);
        }
        BigDecimal seconds = BigDecimal.valueOf(durationSeconds).setScale(3, RoundingMode.HALF_UP);
        BigDecimal exact = seconds.multiply(ratePerSecond).multiply(base).multiply(organization).multiply(priority)
                .setScale(0, RoundingMode.CEILING);
        long synapses = exact.compareTo(LARGEST) > 0 ? Long.MAX_VALUE : Math.max(MINIMUM_SYNAPSES, exact.longValue());
        return new Price(synapses, ratePerSecond, base, organization, priority);
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
