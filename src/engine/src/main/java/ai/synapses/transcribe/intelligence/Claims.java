package ai.synapses.transcribe.intelligence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The entities found so far over one token list. Finders run from the most specific (an email
 * address, a card number) to the least (a gazetteer word), and a word claimed once is never claimed
 * again: "bank of america" stays an organisation even though "america" is a place.
 */
final class Claims {

    private final boolean[] claimed;
    private final List<EntitySpan> spans = new ArrayList<>();

    Claims(int tokens) {
        claimed = new boolean[tokens];
    }

    boolean free(int first, int last) {
        for (int i = first; i <= last; i++) {
            if (claimed[i]) {
                return false;
            }
        }
        return true;
    }

    boolean free(int i) {
        return !claimed[i];
    }

    boolean add(EntityType type, int first, int last) {
        if (first < 0 || last >= claimed.length || first > last || !free(first, last)) {
            return false;
        }
        for (int i = first; i <= last; i++) {
            claimed[i] = true;
        }
        spans.add(new EntitySpan(type, first, last));
        return true;
    }

    List<EntitySpan> inOrder() {
        return spans.stream().sorted(Comparator.comparingInt(EntitySpan::first)).toList();
    }
}
