package ai.synapses.transcribe.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The retry schedule: the waits after each failed attempt since the schedule (re)started. An event's
 * {@code schedule_step} counts the attempts claimed since then, so the attempt at step {@code n} (from 1)
 * is followed, if it fails, by the {@code n}-th wait, or by nothing when the waits are used up.
 */
record WebhookSchedule(List<Duration> waits) {

    /** The wait after the attempt claimed at {@code step} fails; empty when it is the last attempt. */
    Optional<Duration> waitAfter(int step) {
        int index = Math.max(step, 1) - 1;
        return index < waits.size() ? Optional.of(waits.get(index)) : Optional.empty();
    }
}
