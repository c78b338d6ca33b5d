package ai.synapses.transcribe.organization;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How API keys are checked. */
@ConfigMapping(prefix = "transcribe.api-keys")
public interface ApiKeySettings {

    /**
     * How long an instance trusts a key it found valid without asking the database again. A key revoked through an
     * instance stops working there at once, and on every other instance within this time. 0: every request asks.
     */
    @WithDefault("10s")
    Duration cacheTtl();

    /** The most valid keys one instance remembers. */
    @WithDefault("10000")
    int cacheSize();
}
