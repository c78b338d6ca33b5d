package ai.synapses.transcribe.intelligence;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dates ("march third nineteen eighty five", "the fifth of june", "next tuesday") and times ("three
 * thirty p m", "nine o'clock", "half past ten", "noon"). A date right after "born", "birthday" or
 * "date of birth" is a date of birth.
 */
final class DateTimeFinder {

    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("january", 1), Map.entry("february", 2),
            Map.entry("march", 3), Map.entry("april", 4), Map.entry("may", 5), Map.entry("june", 6),
            Map.entry("july", 7), Map.entry("august", 8), Map.entry("september", 9), Map.entry("october", 10),
            Map.entry("november", 11), Map.entry("december", 12));
    /** Month names that are also words or names: only with a day or a year beside them. */
    private static final Set<String> AMBIGUOUS_MONTHS = Set.of("may", "march", "june", "april", "august");
    private static final Set<String> WEEKDAYS = Set.of("monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday");
    private static final Set<String> RELATIVE = Set.of("next", "last", "this", "coming");
    private static final Cues BIRTH = Cues.of("born", "birth", "birthday", "dob", "d o b", "birthdate");
    private static final Set<String> DAY_PARTS = Set.of("morning", "afternoon", "evening", "night");

    void find(List<String> t, Claims claims) {
        for (int i = 0; i < t.size(); i++) {
            int end = dateAt(t, i);
            int start = i;
            if (end >= 0) {
                if (start > 0 && t.get(start - 1).equals("the") && SpokenNumbers.ORDINALS.containsKey(t.get(start))) {
                    start--;
                }
                EntityType type = BIRTH.before(t, start, 8) ? EntityType.DATE_OF_BIRTH : EntityType.DATE;
                if (claims.add(type, start, end)) {
                    i = end;
                }
                continue;
            }
            end = timeAt(t, i);
            if (end >= 0 && claims.add(EntityType.TIME, i, end)) {
                i = end;
            }
        }
    }

    /** The last token of a date starting at {@code i}, or -1. */
    private static int dateAt(List<String> t, int i) {
        String token = t.get(i);
        if (RELATIVE.contains(token) && i + 1 < t.size() && WEEKDAYS.contains(t.get(i + 1))) {
            return i + 1;
        }
        if (WEEKDAYS.contains(token)) {
            return i;
        }
        if (MONTHS.containsKey(token)) {
            int end = i;
            int afterDay = dayAt(t, i + 1);
            if (afterDay < 0 && i + 2 < t.size() && t.get(i + 1).equals("the")) {
                afterDay = dayAt(t, i + 2);
            }
            if (afterDay >= 0) {
                end = afterDay;
            }
            int afterYear = yearAt(t, end + 1 + (end + 1 < t.size() && t.get(end + 1).equals("of") ? 1 : 0));
            if (afterYear >= 0) {
                end = afterYear;
            }
            if (end == i && AMBIGUOUS_MONTHS.contains(token)) {
                return (i > 0 && Set.of("in", "since", "until", "of", "early", "late", "mid", "last", "next", "this")
                        .contains(t.get(i - 1)) && !token.equals("may")) ? i : -1;
            }
            return end;
        }
        // "the fifth of june", "fifth of june nineteen ninety"
        if (SpokenNumbers.ORDINALS.containsKey(token) || SpokenNumbers.TENS.containsKey(token)) {
            SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
            if (run != null && run.ordinal() && run.last() + 2 < t.size() && t.get(run.last() + 1).equals("of")
                    && MONTHS.containsKey(t.get(run.last() + 2))) {
                int end = run.last() + 2;
                int year = yearAt(t, end + 1);
                return year >= 0 ? year : end;
            }
        }
        return -1;
    }

    private static int dayAt(List<String> t, int i) {
        if (i >= t.size()) {
            return -1;
        }
        SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
        if (run == null) {
            return -1;
        }
        if (run.ordinal() && run.cardinal() != null && run.cardinal() >= 1 && run.cardinal() <= 31) {
            return run.last();
        }
        // "march three", "june twenty": a day as a cardinal, when it is not the start of a year
        if (!run.ordinal() && run.cardinal() != null && run.cardinal() >= 1 && run.cardinal() <= 31
                && run.length() <= 2) {
            return run.last();
        }
        // "march third nineteen ...": the run took the ordinal only
        return -1;
    }

    /** "nineteen eighty five", "twenty twenty four", "two thousand and five", "eighty five" after a day. */
    private static int yearAt(List<String> t, int i) {
        if (i >= t.size()) {
            return -1;
        }
        SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
        if (run == null || run.ordinal()) {
            return -1;
        }
        long value = run.cardinal() != null && run.cardinal() >= 1000 ? run.cardinal()
                : run.length() == 4 ? Long.parseLong(run.digits()) : -1;
        return value >= 1900 && value <= 2099 ? run.last() : -1;
    }

    /** The last token of a time starting at {@code i}, or -1. */
    private static int timeAt(List<String> t, int i) {
        String token = t.get(i);
        if (token.equals("noon") || token.equals("midnight")) {
            return i > 0 && Set.of("at", "by", "before", "after", "until", "around").contains(t.get(i - 1)) ? i : -1;
        }
        if ((token.equals("half") || token.equals("quarter")) && i + 2 < t.size()
                && Set.of("past", "to", "after").contains(t.get(i + 1))) {
            SpokenNumbers.Run hour = SpokenNumbers.runAt(t, i + 2);
            if (hour != null && hour.cardinal() != null && hour.cardinal() >= 1 && hour.cardinal() <= 12) {
                return suffixEnd(t, hour.last());
            }
            return -1;
        }
        SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
        if (run == null || run.ordinal() || run.length() > 4) {
            return -1;
        }
        int hour = hourOf(run);
        if (hour < 1 || hour > 12) {
            return -1;
        }
        int end = run.last();
        int suffix = suffixEnd(t, end);
        if (suffix > end) {
            return suffix;
        }
        // "at three thirty": an hour and minutes after "at" is a time even without "p m"
        if (run.length() >= 3 && i > 0 && Set.of("at", "around", "by", "until", "before", "after").contains(t.get(i - 1))) {
            return end;
        }
        return -1;
    }

    /** 9 for "nine", 9 for "nine thirty" (930), -1 when the minutes are not 00-59. */
    private static int hourOf(SpokenNumbers.Run run) {
        String digits = run.digits();
        if (digits.length() <= 2) {
            return Integer.parseInt(digits);
        }
        int minutes = Integer.parseInt(digits.substring(digits.length() - 2));
        if (minutes > 59) {
            return -1;
        }
        return Integer.parseInt(digits.substring(0, digits.length() - 2));
    }

    /** After the hour: "a m", "p m", "am", "pm", "o'clock", "o clock", "in the morning", "at night". */
    private static int suffixEnd(List<String> t, int end) {
        int n = t.size();
        if (end + 2 < n && (t.get(end + 1).equals("a") || t.get(end + 1).equals("p")) && t.get(end + 2).equals("m")) {
            return end + 2;
        }
        if (end + 1 < n && Set.of("am", "pm", "a.m.", "p.m.", "o'clock").contains(t.get(end + 1))) {
            return end + 1;
        }
        if (end + 2 < n && t.get(end + 1).equals("o") && t.get(end + 2).equals("clock")) {
            return end + 2;
        }
        if (end + 3 < n && t.get(end + 1).equals("in") && t.get(end + 2).equals("the") && DAY_PARTS.contains(t.get(end + 3))) {
            return end + 3;
        }
        if (end + 2 < n && t.get(end + 1).equals("at") && t.get(end + 2).equals("night")) {
            return end + 2;
        }
        return end;
    }
}
