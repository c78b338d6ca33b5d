package ai.synapses.transcribe.job;

import java.util.List;

/** The events a webhook may subscribe to; without {@code events} it gets all of them. */
public final class WebhookEvents {

    public static final String COMPLETED = "transcription.completed";
    public static final String FAILED = "transcription.failed";
    public static final List<String> ALL = List.of(COMPLETED, FAILED);

    private WebhookEvents() {
    }
}
