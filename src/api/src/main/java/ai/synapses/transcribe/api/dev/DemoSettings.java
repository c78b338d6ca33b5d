package ai.synapses.transcribe.api.dev;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo organisation that {@code quarkus:dev} creates so a newcomer can call the API at once. */
@ConfigMapping(prefix = "transcribe.demo")
public interface DemoSettings {

    @WithDefault("org_demo")
    String organizationId();

    @WithDefault("sk_demo_local_only_0000000000000000")
    String apiKey();

    /** Ten hours of audio at the default price. */
    @WithDefault("36000")
    long balance();
}
