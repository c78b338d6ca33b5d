package ai.synapses.transcribe.intelligence;

/** An entity found in a token list: word indices {@code [first, last]}, inclusive. */
public record EntitySpan(EntityType type, int first, int last) {

    public boolean overlaps(EntitySpan other) {
        return first <= other.last && other.first <= last;
    }
}
