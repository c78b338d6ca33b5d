package ai.synapses.transcribe.api.admin;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** The operator API is off unless TRANSCRIBE_ADMIN_TOKEN is set. */
@ConfigMapping(prefix = "transcribe.admin")
public interface AdminSettings {

    /** TRANSCRIBE_ADMIN_TOKEN */
    Optional<String> token();
}
