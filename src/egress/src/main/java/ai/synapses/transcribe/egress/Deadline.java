package ai.synapses.transcribe.egress;

import java.time.Duration;

/**
 * A point in time an exchange (or a whole probe) must be over by. {@link ExchangeWatchdog} tears the
 * connection down when it passes; the checks between reads only spare a doomed read.
 */
record Deadline(long atNanos, Duration budget) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos(), budget);
    }

    boolean passed() {
        return System.nanoTime() - atNanos >= 0;
    }

    /** Time left, zero once passed. */
    Duration remaining() {
        long left = atNanos - System.nanoTime();
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    void check(String host) throws EgressException {
        if (passed()) {
            throw exceeded(host);
        }
    }

    /** The {@code timeout} of an exchange with {@code host} that ran out of its time. */
    EgressException exceeded(String host) {
        return EgressException.deadlineExceeded(host + " took longer than " + budget.toMillis() + " ms in total");
    }
}
