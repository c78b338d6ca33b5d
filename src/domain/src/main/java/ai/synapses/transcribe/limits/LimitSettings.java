package ai.synapses.transcribe.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Per-organisation limits' defaults; the operator API overrides them per organisation
 * ({@code PUT /v1/admin/organizations/{id}/limits}).
 */
@ConfigMapping(prefix = "transcribe.limits")
public interface LimitSettings {

    /** Jobs of one organisation in {@code processing} at once; more wait in {@code queued}. */
    @WithDefault("4")
    int maxConcurrentJobs();

    /** Submits one organisation may make per minute; beyond it, {@code rate_limited}. */
    @WithDefault("600")
    int submitsPerMinute();

    /**
     * The largest share of an organisation's per-minute limit one API instance takes from the shared count at once
     * (its lease; the first takes one submit, each next one twice the last, up to this share). The count is never
     * exceeded; an instance's unused lease is lost when the minute ends, so with N instances busy for one organisation
     * it may be refused up to N times this share of its limit early. 0: every submit is counted by its own statement.
     */
    @WithDefault("0.03")
    double rateLeaseShare();

    /**
     * How long a job whose organisation is at its cap waits before a worker looks at it again (SQS
     * message delay, at most 15 minutes). Other organisations' jobs are served meanwhile.
     */
    @WithDefault("15s")
    Duration deferDelay();
}
