package ai.synapses.transcribe.job;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Records how far a processing job has got. Called from recognition threads, so it never blocks:
 * the write goes out on the reactive pool and nobody waits for it. The update only ever raises the
 * value ({@code progress < new}), so writes that overtake each other, or a retried attempt starting
 * from zero, never move a customer's progress backwards.
 */
@ApplicationScoped
public class JobProgress {

    private static final Logger LOG = Logger.getLogger(JobProgress.class);

    private final TranscriptionStore store;

    public JobProgress(TranscriptionStore store) {
        this.store = store;
    }

    public void record(String transcriptionId, int percent) {
        int value = Math.max(0, Math.min(100, percent));
        store.raiseProgress(transcriptionId, (short) value)
                .subscribe().with(rows -> { }, e -> LOG.debugf("progress of %s not recorded: %s", transcriptionId, e.getMessage()));
    }
}
