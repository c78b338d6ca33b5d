package ai.synapses.transcribe.billing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a job's synapses cover of its decoded audio, and what it owes beyond the tolerance. */
class PaidDurationTest {

    private static final Duration TOLERANCE = Duration.ofSeconds(2);

    private static Price price(String rate, String organization, String priority) {
        return Price.of(0, new BigDecimal(rate), BigDecimal.ONE, new BigDecimal(organization), new BigDecimal(priority));
    }

    @ParameterizedTest(name = "{0} synapses at rate {1} x org {2} x priority {3} buy {4} s")
    @CsvSource({
            "2, 1, 1, 1, 2.0",
            "3, 1, 1, 1.5, 2.0",
            "1, 1, 3, 1, 0.333",
            "13, 1, 1, 2, 6.5",
            "7, 0.5, 1, 1, 14.0",
            "1, 1, 1, 1, 1.0",
    })
    void secondsCoveredAreTheInverseOfThePriceRoundedDown(long paid, String rate, String organization, String priority,
            double seconds) {
        Price price = price(rate, organization, priority);
        assertEquals(seconds, price.secondsCoveredBy(paid), 1e-9);
        assertTrue(price.forDuration(price.secondsCoveredBy(paid)).synapses() <= paid, "never more than paid");
        assertTrue(price.forDuration(price.secondsCoveredBy(paid) + 0.002).synapses() > paid,
                "and nothing longer is covered");
    }

    @Test
    void aNegativeToleranceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PaidDuration(price("1", "1", "1"), 2, Duration.ofSeconds(-1)));
    }

    @Test
    void freeAudioCoversEverything() {
        assertEquals(Double.POSITIVE_INFINITY, price("0", "1", "1").secondsCoveredBy(0));
        assertEquals(0, new PaidDuration(price("0", "1", "1"), 0, TOLERANCE).owedFor(14_400));
    }

    @ParameterizedTest(name = "paid {0} for {1} s decoded: owes {2}")
    @CsvSource({
            // within what was paid: nothing
            "2, 2.0, 0",
            "11, 10.4, 0",
            // longer, but within the tolerance: nothing (the settlement does not charge it either)
            "2, 3.999, 0",
            "2, 4.0, 0",
            // beyond the tolerance: the whole difference between the cost and what the job keeps
            "2, 4.001, 3",
            "2, 62.276, 61",
            "3, 12.528, 10",
    })
    void owesTheWholeDifferenceOnlyBeyondTheTolerance(long kept, double decodedSeconds, long owed) {
        assertEquals(owed, new PaidDuration(price("1", "1", "1"), kept, TOLERANCE).owedFor(decodedSeconds));
    }

    @Test
    void multipliersApplyToTheSurchargeAndTheToleranceIsInSecondsOfAudio() {
        // urgent (x2) at an organisation multiplier of 1.5: 3 synapses per second
        PaidDuration paid = new PaidDuration(price("1", "1.5", "2"), 6, TOLERANCE);
        assertEquals(2.0, paid.secondsCoveredBy(), 1e-9);
        assertEquals(4.0, paid.recognisableSeconds(), 1e-9);
        assertEquals(0, paid.owedFor(4.0));
        assertEquals(30, paid.costOf(10.0));
        assertEquals(24, paid.owedFor(10.0));
    }

    @Test
    void afterTheSurchargeTheDecodedAudioIsCovered() {
        PaidDuration before = new PaidDuration(price("1", "1", "1.5"), 3, TOLERANCE);
        long owed = before.owedFor(62.276);
        assertEquals(94 - 3, owed);
        PaidDuration after = new PaidDuration(before.price(), 3 + owed, TOLERANCE);
        assertEquals(0, after.owedFor(62.276));
        assertTrue(after.recognisableSeconds() >= 62.276);
    }
}
