package ai.synapses.transcribe.api.startup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "transcribe.startup")
public interface StartupSettings {

    /** Prepare the submit's queue client and TLS at start ({@link RequestPathWarmUp}). */
    @WithDefault("true")
    boolean warmUp();
}
