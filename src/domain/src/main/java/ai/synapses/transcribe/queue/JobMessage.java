package ai.synapses.transcribe.queue;

/** The body of a job message: just enough to find the job; everything else is in the database. */
public record JobMessage(String transcriptionId, String organizationId) {
}
