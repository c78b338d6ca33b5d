package ai.synapses.transcribe.billing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PriceCalculatorTest {

    static PricingSettings settings(String rate, String base) {
        return new PricingSettings() {
            @Override
            public BigDecimal ratePerSecond() {
                return new BigDecimal(rate);
            }

            @Override
            public BigDecimal baseMultiplier() {
                return new BigDecimal(base);
            }

            @Override
            public Priority priority() {
                return new Priority() {
                    @Override
                    public BigDecimal normal() {
                        return new BigDecimal("1.0");
                    }

                    @Override
                    public BigDecimal high() {
                        return new BigDecimal("1.5");
                    }

                    @Override
                    public BigDecimal urgent() {
                        return new BigDecimal("2.0");
                    }
                };
            }
        };
    }

    @ParameterizedTest(name = "{0} s x org {1} x {2} = {3}")
    @CsvSource({
            "10.0, 1, normal, 10",
            "10.001, 1, normal, 11",
            "0.2, 1, normal, 1",
            // binary noise below a millisecond does not cost a synapse
            "10.0000000001, 1, normal, 10",
            "2.5, 1, high, 4",
            "2.5, 1, urgent, 5",
            // 1.1 x 3 is 3.3000000000000003 in binary floating point; exact decimal gives 3.3 -> 4
            "3, 1.1, normal, 4",
            "10, 1.25, normal, 13",
            "10, 0.7, high, 11",
            "3600, 1, urgent, 7200",
    })
    void roundsTheExactDecimalProductUp(double seconds, String organization, String priority, long synapses) {
        Price price = new PriceCalculator(settings("1", "1.0")).quote(seconds, new BigDecimal(organization), priority);
        assertEquals(synapses, price.synapses());
    }

    @Test
    void echoesEveryMultiplier() {
        Price price = new PriceCalculator(settings("2", "1.2")).quote(10, new BigDecimal("0.5"), "high");
        // 10 x 2 x 1.2 x 0.5 x 1.5 = 18
        assertEquals(18, price.synapses());
        assertEquals(new BigDecimal("1.2"), price.base());
        assertEquals(new BigDecimal("0.5"), price.organization());
        assertEquals(new BigDecimal("1.5"), price.priority());
    }

    @Test
    void settlementAppliesTheSameFactorsToTheDecodedDuration() {
        Price charged = new PriceCalculator(settings("1", "1.0")).quote(15.3, new BigDecimal("1.1"), "high");
        // 15.3 x 1.1 x 1.5 = 25.245 -> 26; decoded 14.0 s -> 23.1 -> 24
        assertEquals(26, charged.synapses());
        assertEquals(24, charged.forDuration(14.0).synapses());
    }

    @Test
    void noDurationPricesAtZero() {
        PriceCalculator prices = new PriceCalculator(settings("1", "1.0"));
        // 0.4 ms rounds to 0.000 s: a debit of 0 would break the ledger's sign rule
        assertEquals(Price.MINIMUM_SYNAPSES, prices.quote(0.0004, BigDecimal.ONE, "normal").synapses());
        assertEquals(Price.MINIMUM_SYNAPSES, prices.quote(0, new BigDecimal("0.000001"), "normal").synapses());
        // settlement of a decoded duration of nothing costs the minimum too, never a refund of everything
        assertEquals(Price.MINIMUM_SYNAPSES, prices.quote(10, BigDecimal.ONE, "normal").forDuration(0.0001).synapses());
    }

    @Test
    void anAbsurdDurationCannotOverflow() {
        PriceCalculator prices = new PriceCalculator(settings("1", "1.0"));
        // what a header claiming 2^63 timescale units of audio gives; no balance can pay it
        assertEquals(Long.MAX_VALUE, prices.quote(9.223372036854776E18, BigDecimal.ONE, "urgent").synapses());
        assertEquals(Long.MAX_VALUE, prices.quote(Double.MAX_VALUE, new BigDecimal("999999.999999"), "urgent").synapses());
        assertEquals(1_000_000_000_000_000L, prices.quote(1e15, BigDecimal.ONE, "normal").synapses(), "large, but exact");
    }

    @Test
    void refusesWhatIsNotADuration() {
        PriceCalculator prices = new PriceCalculator(settings("1", "1.0"));
        for (double notADuration : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1}) {
            assertThrows(IllegalArgumentException.class, () -> prices.quote(notADuration, BigDecimal.ONE, "normal"));
        }
    }

    @Test
    void refusesUnknownPriorities() {
        assertThrows(IllegalArgumentException.class,
                () -> new PriceCalculator(settings("1", "1")).quote(1, BigDecimal.ONE, "asap"));
    }
}
