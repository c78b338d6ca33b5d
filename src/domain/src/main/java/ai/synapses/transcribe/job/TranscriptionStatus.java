package ai.synapses.transcribe.job;

/** {@code queued -> processing -> completed | failed}, or {@code cancelled} while still queued. */
public enum TranscriptionStatus {
    queued, processing, completed, failed, cancelled
}
