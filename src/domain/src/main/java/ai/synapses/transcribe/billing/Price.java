package ai.synapses.transcribe.billing;

import java.math.BigDecimal;

/** A quote: the synapses to charge and the multipliers that produced it. */
public record Price(long synapses, BigDecimal base, BigDecimal organization, BigDecimal priority) {
}
