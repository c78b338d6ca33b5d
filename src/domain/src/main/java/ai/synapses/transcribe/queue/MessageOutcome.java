package ai.synapses.transcribe.queue;

/** What the consumer does with a delivered queue message once its handler is through with it. */
public enum MessageOutcome {
    /** Done with it (handled, failed for good, or nothing left to do): delete it. */
    ACKNOWLEDGE,
    /**
     * Not done (a fault of ours, or a body that is not such a message): leave it; the queue delivers it again
     * after its visibility time-out and, after its last receive, moves it to the dead-letter queue.
     */
    RETRY
}
