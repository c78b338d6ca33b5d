package ai.synapses.transcribe.billing;

import java.time.Duration;

/**
 * What a job's synapses pay for, measured against its decoded audio. The submit prices what the probe read;
 * the worker decodes whatever the URL serves later, so before recognising it compares the two: audio within
 * what was paid plus {@code tolerance} (a parsed header a little off, rounding) goes on as it is; longer
 * audio owes the whole difference between its cost and what the job keeps.
 *
 * @param price     the job's own factors (rate and multipliers at submit)
 * @param kept      the synapses the job holds: everything it was charged, nothing is refunded before it ends
 * @param tolerance how much longer than paid the audio may be without a surcharge
 */
public record PaidDuration(Price price, long kept, Duration tolerance) {

    public PaidDuration {
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("the duration tolerance must not be negative: " + tolerance);
        }
    }

    /** The longest audio the job's synapses buy. */
    public double secondsCoveredBy() {
        return price.secondsCoveredBy(kept);
    }

    /** The longest audio a worker may recognise for this job: what its synapses buy, plus the tolerance. */
    public double recognisableSeconds() {
        return secondsCoveredBy() + tolerance.toMillis() / 1000.0;
    }

    /** What {@code decodedSeconds} of audio cost at the job's factors. */
    public long costOf(double decodedSeconds) {
        return price.forDuration(decodedSeconds).synapses();
    }

    /** Synapses still owed for {@code decodedSeconds} of audio: 0 within what was paid plus the tolerance. */
    public long owedFor(double decodedSeconds) {
        long cost = costOf(decodedSeconds);
        if (cost <= kept || decodedSeconds <= recognisableSeconds()) {
            return 0;
        }
        return cost - kept;
    }
}
