package ai.synapses.transcribe.billing;

import java.math.BigDecimal;

/**
 * The organisation's pricing multiplier is no longer the one a quote used (an operator changed it since this
 * instance read it); nothing was debited. The submit quotes again with {@link #current()}.
 */
public class PricingChangedException extends RuntimeException {

    private final BigDecimal current;

    public PricingChangedException(BigDecimal current) {
        super("the organization's pricing multiplier is now " + current, null, false, false);
        this.current = current;
    }

    public BigDecimal current() {
        return current;
    }
}
