package ai.synapses.transcribe.intelligence;

import java.util.List;
import java.util.Set;

/** Money ("a hundred and fifty dollars", "twenty bucks", "five dollars and ten cents") and percentages ("three point five percent"). */
final class AmountFinder {

    private static final Set<String> CURRENCIES = Set.of("dollar", "dollars", "bucks", "euro", "euros", "pound",
            "pounds", "cents", "cent", "rupees", "yen", "grand", "pesos", "quid");
    private static final Set<String> PERCENT = Set.of("percent", "per-cent", "%");

    void find(List<String> t, Claims claims) {
        for (int i = 0; i < t.size(); i++) {
            SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
            if (run == null || run.ordinal()) {
                continue;
            }
            int end = run.last();
            // "three point five", "two point four million"
            if (end + 2 < t.size() && t.get(end + 1).equals("point")) {
                SpokenNumbers.Run fraction = SpokenNumbers.runAt(t, end + 2);
                if (fraction != null) {
                    end = fraction.last();
                }
            }
            if (end + 1 < t.size() && Set.of("million", "billion", "thousand").contains(t.get(end + 1))) {
                end++;
            }
            int next = end + 1;
            if (next < t.size() && CURRENCIES.contains(t.get(next))) {
                int last = next;
                // "five dollars and ten cents", "five dollars fifty"
                if (last + 3 < t.size() && t.get(last + 1).equals("and")) {
                    SpokenNumbers.Run cents = SpokenNumbers.runAt(t, last + 2);
                    if (cents != null && cents.last() + 1 < t.size() && t.get(cents.last() + 1).startsWith("cent")) {
                        last = cents.last() + 1;
                    }
                }
                if (claims.add(EntityType.MONEY_AMOUNT, i, last)) {
                    i = last;
                }
            } else if (next < t.size() && PERCENT.contains(t.get(next))) {
                if (claims.add(EntityType.PERCENTAGE, i, next)) {
                    i = next;
                }
            } else if (next + 1 < t.size() && t.get(next).equals("per") && t.get(next + 1).equals("cent")) {
                if (claims.add(EntityType.PERCENTAGE, i, next + 1)) {
                    i = next + 1;
                }
            } else {
                i = run.last();
            }
        }
    }
}
