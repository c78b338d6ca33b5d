package ai.synapses.transcribe.job;

import ai.synapses.transcribe.probe.AudioHostGuards;
import ai.synapses.transcribe.availability.ResilienceSettings;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The longest a submit can run once it has claimed its Idempotency-Key: the audio probe with its retry
 * (each attempt cut off by its host's guard), the pre-charge statement (one short statement; the
 * database's read time-out stands in for it, writes having no time-out of their own), and, when the
 * statement's connection broke, the check of whether it committed. The key's lock is derived from it.
 */
@ApplicationScoped
public class SubmitDeadline {

    private final Duration afterClaim;

    public SubmitDeadline(AudioHostGuards probes, ResilienceSettings resilience) {
        ResilienceSettings.Database database = resilience.database();
        this.afterClaim = probes.longestProbe().plus(database.timeout()).plus(database.outcomeTimeout());
    }

    public Duration afterClaim() {
        return afterClaim;
    }
}
