package ai.synapses.transcribe.recognition;

import java.util.Set;

/** No speech model is installed for the language; the job should fail rather than be retried. */
public class UnsupportedLanguageException extends IllegalArgumentException {

    private final String language;

    public UnsupportedLanguageException(String language, Set<String> available) {
        super("no speech model for language '" + language + "'; this deployment has " + available);
        this.language = language;
    }

    public String language() {
        return language;
    }
}
