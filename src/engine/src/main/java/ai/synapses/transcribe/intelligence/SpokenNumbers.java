package ai.synapses.transcribe.intelligence;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Numbers as the recogniser writes them: words ("four one five", "twenty three", "nineteen eighty
 * five", "a hundred and fifty"). A run of number words has two readings: the digits a person read
 * out one group after another (phone, card and social security numbers, years: "four one five" =
 * 415, "nineteen eighty five" = 1985) and the cardinal value ("a hundred and fifty" = 150), which
 * is absent when the words do not form one number.
 */
public final class SpokenNumbers {

    /** Word indices {@code [first, last]} (inclusive) and both readings; {@code cardinal} is null when not a cardinal. */
    public record Run(int first, int last, String digits, Long cardinal, boolean ordinal) {
        public int length() {
            return digits.length();
        }
    }

    static final Map<String, Integer> UNITS = Map.ofEntries(Map.entry("zero", 0), Map.entry("oh", 0),
            Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
            Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8),
            Map.entry("nine", 9));
    static final Map<String, Integer> TEENS = Map.of("ten", 10, "eleven", 11, "twelve", 12, "thirteen", 13,
            "fourteen", 14, "fifteen", 15, "sixteen", 16, "seventeen", 17, "eighteen", 18, "nineteen", 19);
    static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
            "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
    static final Map<String, Long> SCALES = Map.of("hundred", 100L, "thousand", 1_000L, "million", 1_000_000L,
            "billion", 1_000_000_000L);
    static final Map<String, Integer> ORDINALS = Map.ofEntries(Map.entry("first", 1), Map.entry("second", 2),
            Map.entry("third", 3), Map.entry("fourth", 4), Map.entry("fifth", 5), Map.entry("sixth", 6),
            Map.entry("seventh", 7), Map.entry("eighth", 8), Map.entry("ninth", 9), Map.entry("tenth", 10),
            Map.entry("eleventh", 11), Map.entry("twelfth", 12), Map.entry("thirteenth", 13),
            Map.entry("fourteenth", 14), Map.entry("fifteenth", 15), Map.entry("sixteenth", 16),
            Map.entry("seventeenth", 17), Map.entry("eighteenth", 18), Map.entry("nineteenth", 19),
            Map.entry("twentieth", 20), Map.entry("thirtieth", 30));
    private static final Set<String> REPEATS = Set.of("double", "triple");

    private SpokenNumbers() {
    }

    public static boolean isNumberWord(String token) {
        return UNITS.containsKey(token) || TEENS.containsKey(token) || TENS.containsKey(token)
                || SCALES.containsKey(token) || isNumeral(token);
    }

    static boolean isNumeral(String token) {
        if (token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The longest run of number words starting at {@code from}, or null. "oh" counts only next to
     * another number word (it is also an interjection); "and" only inside a cardinal ("one hundred
     * and five"); "a" only before a scale ("a hundred"); an ordinal ends a run ("twenty first").
     */
    public static Run runAt(List<String> tokens, int from) {
        int i = from;
        int n = tokens.size();
        StringBuilder digits = new StringBuilder();
        long total = 0;
        long current = 0;
        boolean cardinal = true;
        int lastKind = 0; // 0 none, 1 unit, 2 teen, 3 tens, 4 scale
        boolean ordinal = false;
        int last = -1;
        while (i < n) {
            String t = tokens.get(i);
            String next = i + 1 < n ? tokens.get(i + 1) : "";
            if (t.equals("oh") && !(last >= 0 || isNumberWord(next))) {
                break;
            }
            if (t.equals("a") && last < 0 && SCALES.containsKey(next)) {
                digits.append('1');
                current = 1;
                lastKind = 1;
                last = i++;
                continue;
            }
            if (t.equals("and") && last >= 0 && lastKind == 4 && (UNITS.containsKey(next) || TEENS.containsKey(next)
                    || TENS.containsKey(next)) && !next.equals("oh")) {
                i++;
                continue;
            }
            if (REPEATS.contains(t) && UNITS.containsKey(next)) {
                int times = t.equals("double") ? 2 : 3;
                digits.append(String.valueOf(UNITS.get(next)).repeat(times));
                cardinal = false;
                lastKind = 1;
                last = i + 1;
                i += 2;
                continue;
            }
            if (UNITS.containsKey(t)) {
                int v = UNITS.get(t);
                if (lastKind == 3 && !t.equals("zero") && !t.equals("oh")) {
                    // "twenty three": the unit completes the tens, one two-digit group
                    digits.setCharAt(digits.length() - 1, (char) ('0' + v));
                } else {
                    digits.append(v);
                    if (lastKind == 1 || lastKind == 2 || lastKind == 3 || t.equals("oh")) {
                        cardinal = false;
                    }
                }
                current += v;
                lastKind = 1;
            } else if (TEENS.containsKey(t)) {
                digits.append(TEENS.get(t));
                if (lastKind == 1 || lastKind == 2 || lastKind == 3) {
                    cardinal = false;
                }
                current += TEENS.get(t);
                lastKind = 2;
            } else if (TENS.containsKey(t)) {
                digits.append(TENS.get(t));
                if (lastKind == 1 || lastKind == 2 || lastKind == 3) {
                    cardinal = false;
                }
                current += TENS.get(t);
                lastKind = 3;
            } else if (SCALES.containsKey(t) && last >= 0) {
                long scale = SCALES.get(t);
                digits.append("0".repeat(Long.toString(scale).length() - 1));
                if (scale == 100) {
                    current = Math.max(1, current) * 100;
                } else {
                    total += Math.max(1, current) * scale;
                    current = 0;
                }
                lastKind = 4;
            } else if (isNumeral(t)) {
                digits.append(t);
                if (last >= 0) {
                    cardinal = false;
                }
                current += Long.parseLong(t.length() > 15 ? t.substring(0, 15) : t);
                lastKind = 1;
            } else if (ORDINALS.containsKey(t) && (last < 0 || lastKind == 3 || lastKind == 4)) {
                int v = ORDINALS.get(t);
                if (lastKind == 3 && v < 10) {
                    digits.setCharAt(digits.length() - 1, (char) ('0' + v));
                } else {
                    digits.append(v);
                }
                current += v;
                ordinal = true;
                last = i;
                break;
            } else {
                break;
            }
            last = i++;
        }
        if (last < 0) {
            return null;
        }
        return new Run(from, last, digits.toString(), cardinal ? total + current : null, ordinal);
    }
}
