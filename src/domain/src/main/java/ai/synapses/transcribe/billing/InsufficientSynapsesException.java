package ai.synapses.transcribe.billing;

/** The organisation's balance does not cover a charge; nothing was debited. */
public class InsufficientSynapsesException extends RuntimeException {

    private final long required;
    private final long available;

    public InsufficientSynapsesException(long required, long available) {
        super("this transcription costs " + required + " synapses but the balance is " + available);
        this.required = required;
        this.available = available;
    }

    public long required() {
        return required;
    }

    public long available() {
        return available;
    }
}
