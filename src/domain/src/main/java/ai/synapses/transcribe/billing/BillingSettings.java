package ai.synapses.transcribe.billing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How a job's bill is settled against the audio it turns out to hold (TRANSCRIBE_BILLING_...). */
@ConfigMapping(prefix = "transcribe.billing")
public interface BillingSettings {

    /**
     * Decoded audio up to this much longer than what a job paid for is transcribed without a surcharge (a
     * header a little off, rounding); beyond it the worker charges the difference or fails the job.
     */
    @WithDefault("2s")
    Duration durationTolerance();
}
