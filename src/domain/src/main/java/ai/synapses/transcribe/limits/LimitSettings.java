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
     * How long a job whose organisation is at its cap waits before a worker looks at it again (SQS
     * message delay, at most 15 minutes). Other organisations' jobs are served meanwhile.
     */
    @WithDefault("15s")
    Duration deferDelay();
}
