package ai.synapses.transcribe.availability;

/**
 * A write whose connection broke after the statement had been handed to it: the database may have
 * committed it, may still be running it, or never saw it. Not {@code service_unavailable} by itself: whoever wrote
 * must find out which ({@link ai.synapses.transcribe.job.PrechargeOutcomes} does for the submit). Carries
 * the id of the server process the connection was talking to.
 */
public class CommitUncertain extends RuntimeException {

    private final int backendProcessId;

    public CommitUncertain(int backendProcessId, Throwable cause) {
        super("the connection broke after the statement was sent (server process " + backendProcessId + ")", cause);
        this.backendProcessId = backendProcessId;
    }

    public int backendProcessId() {
        return backendProcessId;
    }
}
