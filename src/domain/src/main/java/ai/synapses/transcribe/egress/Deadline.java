package ai.synapses.transcribe.egress;

import java.time.Duration;

/** A point in time an exchange (or a whole probe) must be over by; checked between reads. */
record Deadline(long atNanos, Duration budget) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    void check(String host) throws EgressException {
        if (System.nanoTime() - atNanos > 0) {
            throw new EgressException(EgressException.Reason.TIMEOUT,
                    host + " took longer than " + budget.toMillis() + " ms in total");
        }
    }
}
