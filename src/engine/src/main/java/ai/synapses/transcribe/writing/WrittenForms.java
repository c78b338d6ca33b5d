package ai.synapses.transcribe.writing;

import ai.synapses.transcribe.intelligence.EntitySpan;
import ai.synapses.transcribe.intelligence.SpokenNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Spoken forms written the way people write them: numbers ("ten thousand and one" -> 10,001, "twenty
 * first" -> 21st, "three point five" -> 3.5; one to nine stay words), money ($25.50, $4.2 million),
 * percentages (12%), dates (March 3, 1985), times (3:30 p.m.), e-mail addresses, URLs, IP addresses and
 * phone numbers. Entities come from the entity detector; what it did not claim is only numbers.
 */
final class WrittenForms {

    /** How a piece is cased later: as a word, as a name (capitalised), or left exactly as written here. */
    enum Kind { WORD, NAME, LITERAL }

    /** A written piece covering words {@code [first, last]}. */
    record Piece(String text, int first, int last, Kind kind) {
    }

    private static final Map<String, String> SYMBOLS = Map.of("dollar", "$", "dollars", "$", "bucks", "$",
            "euro", "€", "euros", "€", "pound", "£", "pounds", "£", "quid", "£", "yen", "¥");
    private static final Set<String> SCALE_WORDS = Set.of("million", "billion", "trillion");
    private static final Set<String> YEAR_CUES = Set.of("in", "since", "of", "year", "by", "until", "from",
            "before", "after", "around", "circa", "early", "late", "mid", "summer", "winter", "spring", "fall",
            "autumn");
    private static final Map<String, String> TITLES = Map.of("mister", "Mr.", "mr", "Mr.", "missus", "Mrs.",
            "misses", "Mrs.", "mrs", "Mrs.", "ms", "Ms.", "doctor", "Dr.", "dr", "Dr.");
    private static final Set<String> MONTHS = Set.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");

    private WrittenForms() {
    }

    /** The pieces of {@code t} (lower-case words), the entities written in their forms, numbers elsewhere. */
    static List<Piece> pieces(List<String> t, List<EntitySpan> entities) {
        List<Piece> out = new ArrayList<>();
        EntitySpan[] at = new EntitySpan[t.size()];
        for (EntitySpan e : entities) {
            for (int k = e.first(); k <= e.last(); k++) {
                at[k] = e;
            }
        }
        int i = 0;
        while (i < t.size()) {
            EntitySpan e = at[i];
            if (e != null && e.first() == i) {
                List<Piece> written = entity(t, e);
                if (written != null) {
                    out.addAll(written);
                    i = e.last() + 1;
                    continue;
                }
            }
            i = plain(t, i, e == null ? t.size() - 1 : e.last(), out);
        }
        return out;
    }

    /** Writes what starts at {@code i} (not past {@code limit}) outside an entity; the next index. */
    private static int plain(List<String> t, int i, int limit, List<Piece> out) {
        String word = t.get(i);
        if (TITLES.containsKey(word) && i + 1 <= limit && i + 1 < t.size() && !word.equals("doctor")) {
            out.add(new Piece(TITLES.get(word), i, i, Kind.LITERAL));
            return i + 1;
        }
        SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
        if (run != null && run.last() <= limit && !(word.equals("a") && run.last() == i)) {
            Number n = number(t, run, limit);
            if (n != null) {
                out.add(new Piece(n.text(), i, n.last(), Kind.LITERAL));
                return n.last() + 1;
            }
        }
        out.add(new Piece(word, i, i, Kind.WORD));
        return i + 1;
    }

    private record Number(String text, int last) {
    }

    /** A number outside an entity, or null when it stays a word ("one", "five"). */
    private static Number number(List<String> t, SpokenNumbers.Run run, int limit) {
        int last = run.last();
        boolean single = run.first() == run.last();
        // "three point five"
        if (!run.ordinal() && last + 2 <= limit && t.get(last + 1).equals("point")) {
            Decimal fraction = fraction(t, last + 2, limit);
            if (fraction != null) {
                return new Number(whole(run) + "." + fraction.text(), fraction.last());
            }
        }
        if (run.ordinal()) {
            long value = run.cardinal() == null ? Long.parseLong(run.digits()) : run.cardinal();
            if (value < 10 && single) {
                return null;
            }
            return new Number(value + suffix(value), last);
        }
        if (run.cardinal() == null) {
            return new Number(run.digits(), last); // read out digit by digit, or a year: "nineteen ninety eight"
        }
        long value = run.cardinal();
        if (value < 10 && single) {
            return null;
        }
        String lastWord = t.get(last);
        if (SCALE_WORDS.contains(lastWord) && run.last() > run.first()) {
            // "forty million" -> "40 million": the scale stays a word
            long scale = switch (lastWord) {
                case "million" -> 1_000_000L;
                case "billion" -> 1_000_000_000L;
                default -> 1_000_000_000_000L;
            };
            if (value % scale == 0) {
                return new Number(group(value / scale), last - 1);
            }
        }
        int before = run.first() - 1;
        if (value >= 1000 && value <= 2099 && before >= 0 && YEAR_CUES.contains(t.get(before))) {
            return new Number(Long.toString(value), last);
        }
        return new Number(group(value), last);
    }

    private static String whole(SpokenNumbers.Run run) {
        return run.cardinal() != null ? Long.toString(run.cardinal()) : run.digits();
    }

    /** 1,200,000; 10,001; 1,500. */
    static String group(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    static String suffix(long value) {
        long tens = value % 100;
        if (tens >= 11 && tens <= 13) {
            return "th";
        }
        return switch ((int) (value % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    /** An entity's written pieces, or null to write its words one by one. */
    private static List<Piece> entity(List<String> t, EntitySpan e) {
        try {
            return switch (e.type()) {
                case PERSON_NAME, LOCATION, ORGANIZATION -> names(t, e);
                case EMAIL_ADDRESS, URL, IP_ADDRESS -> List.of(new Piece(address(t, e.first(), e.last()), e.first(),
                        e.last(), Kind.LITERAL));
                case PHONE_NUMBER -> List.of(new Piece(phone(digits(t, e.first(), e.last())), e.first(), e.last(),
                        Kind.LITERAL));
                case US_SOCIAL_SECURITY_NUMBER -> ssn(t, e);
                case CREDIT_CARD_NUMBER, BANK_ACCOUNT_NUMBER -> List.of(new Piece(digits(t, e.first(), e.last()),
                        e.first(), e.last(), Kind.LITERAL));
                case MONEY_AMOUNT -> money(t, e);
                case PERCENTAGE -> percentage(t, e);
                case DATE, DATE_OF_BIRTH -> date(t, e);
                case TIME -> time(t, e);
                case IBAN -> null;
            };
        } catch (RuntimeException unexpected) {
            return null; // a shape the rules here do not know: its words are written one by one
        }
    }

    private static List<Piece> names(List<String> t, EntitySpan e) {
        List<Piece> out = new ArrayList<>();
        for (int k = e.first(); k <= e.last(); k++) {
            String word = t.get(k);
            if (TITLES.containsKey(word) && k < e.last()) {
                out.add(new Piece(TITLES.get(word), k, k, Kind.LITERAL));
            } else if (k > e.first() && Set.of("of", "the", "and", "for", "de", "la", "du", "von", "van").contains(word)) {
                out.add(new Piece(word, k, k, Kind.LITERAL));
            } else {
                out.add(new Piece(word, k, k, Kind.NAME));
            }
        }
        return out;
    }

    /** "john dot smith at example dot com" -> john.smith@example.com; "w w w dot acme dot com slash jobs". */
    private static String address(List<String> t, int first, int last) {
        StringBuilder out = new StringBuilder();
        int i = first;
        while (i <= last) {
            String token = t.get(i);
            switch (token) {
                case "dot", "period", "point" -> out.append('.');
                case "not" -> out.append(i < last ? "." : "not");
                case "at" -> out.append('@');
                case "underscore" -> out.append('_');
                case "dash", "hyphen" -> out.append('-');
                case "slash" -> out.append('/');
                case "colon" -> out.append(':');
                default -> {
                    SpokenNumbers.Run run = SpokenNumbers.isNumberWord(token) ? SpokenNumbers.runAt(t, i) : null;
                    if (run != null && run.last() <= last) {
                        out.append(run.cardinal() != null && run.cardinal() <= 255 && run.last() > i
                                ? Long.toString(run.cardinal()) : run.digits());
                        i = run.last();
                    } else {
                        out.append(token);
                    }
                }
            }
            i++;
        }
        return out.toString();
    }

    /** The digits said in {@code [first, last]}, the other words left out ("dash", "and"). */
    private static String digits(List<String> t, int first, int last) {
        StringBuilder out = new StringBuilder();
        int i = first;
        while (i <= last) {
            SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
            if (run != null && run.last() <= last) {
                out.append(run.digits());
                i = run.last() + 1;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    static String phone(String d) {
        if (d.length() == 11 && d.startsWith("1")) {
            return "+1 (" + d.substring(1, 4) + ") " + d.substring(4, 7) + "-" + d.substring(7);
        }
        if (d.length() == 10) {
            return "(" + d.substring(0, 3) + ") " + d.substring(3, 6) + "-" + d.substring(6);
        }
        if (d.length() == 7) {
            return d.substring(0, 3) + "-" + d.substring(3);
        }
        return d;
    }

    private static List<Piece> ssn(List<String> t, EntitySpan e) {
        String d = digits(t, e.first(), e.last());
        String text = d.length() == 9 ? d.substring(0, 3) + "-" + d.substring(3, 5) + "-" + d.substring(5) : d;
        return List.of(new Piece(text, e.first(), e.last(), Kind.LITERAL));
    }

    /** A decimal number starting at {@code i}: its text and last word, or null. */
    private record Decimal(String text, int last) {
    }

    private static Decimal decimal(List<String> t, int i, int limit) {
        SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
        if (run == null || run.ordinal() || run.last() > limit) {
            return null;
        }
        String text = run.cardinal() != null ? group(run.cardinal()) : run.digits();
        int last = run.last();
        if (last + 2 <= limit && t.get(last + 1).equals("point")) {
            Decimal fraction = fraction(t, last + 2, limit);
            if (fraction != null) {
                text = whole(run) + "." + fraction.text();
                last = fraction.last();
            }
        }
        return new Decimal(text, last);
    }

    /** The digits after "point", said one by one ("three point one four") or as one number up to a scale. */
    private static Decimal fraction(List<String> t, int from, int limit) {
        StringBuilder digits = new StringBuilder();
        int k = from;
        while (k <= limit && digitOf(t.get(k)) >= 0) {
            digits.append(digitOf(t.get(k)));
            k++;
        }
        if (digits.length() > 0) {
            return new Decimal(digits.toString(), k - 1);
        }
        SpokenNumbers.Run run = SpokenNumbers.runAt(t, from);
        if (run == null || run.ordinal() || run.last() > limit || SCALE_WORDS.contains(t.get(run.last()))) {
            return null;
        }
        return new Decimal(run.digits(), run.last());
    }

    private static int digitOf(String word) {
        return switch (word) {
            case "zero", "oh" -> 0;
            case "one" -> 1;
            case "two" -> 2;
            case "three" -> 3;
            case "four" -> 4;
            case "five" -> 5;
            case "six" -> 6;
            case "seven" -> 7;
            case "eight" -> 8;
            case "nine" -> 9;
            default -> -1;
        };
    }

    /** "$25.50", "$10,001", "$4.2 million", "50 cents", "20 rupees". */
    private static List<Piece> money(List<String> t, EntitySpan e) {
        Decimal amount = decimal(t, e.first(), e.last());
        if (amount == null) {
            return null;
        }
        List<Piece> out = new ArrayList<>();
        int k = amount.last() + 1;
        String scale = null;
        if (k <= e.last() && SCALE_WORDS.contains(t.get(k))) {
            scale = t.get(k);
            k++;
        }
        String currency = t.get(k);
        String symbol = SYMBOLS.get(currency);
        if (currency.startsWith("pound") && weight(t, e.first())) {
            return null; // "weighs about seven pounds"
        }
        if (symbol == null) {
            // cents, rupees, pesos, grand: the number and the word
            out.add(new Piece(amount.text(), e.first(), amount.last(), Kind.LITERAL));
            for (int w = amount.last() + 1; w <= e.last(); w++) {
                out.add(new Piece(t.get(w), w, w, Kind.WORD));
            }
            return out;
        }
        String text = symbol + amount.text();
        int last = k;
        // "and fifty cents", "fifty" (cents)
        int c = k + 1;
        if (c <= e.last() && t.get(c).equals("and")) {
            c++;
        }
        if (scale == null && c <= e.last()) {
            SpokenNumbers.Run cents = SpokenNumbers.runAt(t, c);
            if (cents != null && cents.cardinal() != null && cents.cardinal() < 100 && cents.last() <= e.last()) {
                text = symbol + amount.text() + "." + String.format(Locale.ROOT, "%02d", cents.cardinal());
                last = cents.last() + 1 <= e.last() && t.get(cents.last() + 1).startsWith("cent") ? cents.last() + 1
                        : cents.last();
            }
        }
        if (scale == null) {
            out.add(new Piece(text, e.first(), Math.max(last, e.last()), Kind.LITERAL));
        } else {
            out.add(new Piece(text, e.first(), amount.last(), Kind.LITERAL));
            out.add(new Piece(scale, amount.last() + 1, e.last(), Kind.LITERAL));
        }
        return out;
    }

    private static final Set<String> WEIGHT_CUES = Set.of("weigh", "weighs", "weighed", "weighing", "weight",
            "heavy", "lose", "lost", "losing", "gain", "gained", "put");

    /** Whether the words just before {@code first} speak of weight. */
    private static boolean weight(List<String> t, int first) {
        for (int k = Math.max(0, first - 3); k < first; k++) {
            if (WEIGHT_CUES.contains(t.get(k))) {
                return true;
            }
        }
        return false;
    }

    /** "12%", "3.5%". */
    private static List<Piece> percentage(List<String> t, EntitySpan e) {
        Decimal amount = decimal(t, e.first(), e.last());
        if (amount == null) {
            return null;
        }
        return List.of(new Piece(amount.text().replace(",", "") + "%", e.first(), e.last(), Kind.LITERAL));
    }

    /** "March 3, 1985", "June 5", "the 5th of June", "next Tuesday", "October". */
    private static List<Piece> date(List<String> t, EntitySpan e) {
        List<Piece> out = new ArrayList<>();
        int i = e.first();
        boolean monthFirst = false;
        while (i <= e.last()) {
            String word = t.get(i);
            if (MONTHS.contains(word)) {
                out.add(new Piece(word, i, i, Kind.NAME));
                monthFirst = out.size() == 1 || monthFirst;
                i++;
                continue;
            }
            SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
            if (run == null || run.last() > e.last()) {
                out.add(new Piece(word, i, i, Kind.WORD)); // "the", "of", "next", a weekday
                i++;
                continue;
            }
            boolean year = run.cardinal() != null && run.cardinal() >= 1000 || run.cardinal() == null
                    && run.digits().length() == 4;
            if (year) {
                long value = run.cardinal() != null && run.cardinal() >= 1000 ? run.cardinal()
                        : Long.parseLong(run.digits());
                if (!out.isEmpty() && monthFirst && out.get(out.size() - 1).kind() == Kind.LITERAL) {
                    Piece day = out.remove(out.size() - 1);
                    out.add(new Piece(day.text() + ",", day.first(), day.last(), Kind.LITERAL));
                }
                out.add(new Piece(Long.toString(value), i, run.last(), Kind.LITERAL));
            } else {
                long day = run.cardinal() != null ? run.cardinal() : Long.parseLong(run.digits());
                out.add(new Piece(monthFirst ? Long.toString(day) : day + suffix(day), i, run.last(), Kind.LITERAL));
            }
            i = run.last() + 1;
        }
        return out;
    }

    /** "3:30 p.m.", "9 a.m.", "10 o'clock", "2:30" for "half past two", "9:45" for "quarter to ten". */
    private static List<Piece> time(List<String> t, EntitySpan e) {
        List<Piece> out = new ArrayList<>();
        int i = e.first();
        String first = t.get(i);
        if (first.equals("noon") || first.equals("midnight")) {
            return List.of(new Piece(first, i, i, Kind.WORD));
        }
        String clock;
        int last;
        if (first.equals("half") || first.equals("quarter")) {
            SpokenNumbers.Run hour = SpokenNumbers.runAt(t, i + 2);
            long h = hour.cardinal();
            boolean to = t.get(i + 1).equals("to");
            int minutes = first.equals("half") ? 30 : to ? 45 : 15;
            if (to) {
                h = h == 1 ? 12 : h - 1;
            }
            clock = h + ":" + String.format(Locale.ROOT, "%02d", minutes);
            last = hour.last();
        } else {
            SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
            String d = run.digits();
            clock = d.length() <= 2 ? Long.toString(Long.parseLong(d))
                    : Long.parseLong(d.substring(0, d.length() - 2)) + ":" + d.substring(d.length() - 2);
            last = run.last();
        }
        out.add(new Piece(clock, i, last, Kind.LITERAL));
        int k = last + 1;
        if (k + 1 <= e.last() && (t.get(k).equals("a") || t.get(k).equals("p")) && t.get(k + 1).equals("m")) {
            out.add(new Piece(t.get(k) + ".m.", k, k + 1, Kind.LITERAL));
            k += 2;
        } else if (k <= e.last() && Set.of("am", "pm", "a.m.", "p.m.").contains(t.get(k))) {
            out.add(new Piece(t.get(k).charAt(0) + ".m.", k, k, Kind.LITERAL));
            k++;
        } else if (k + 1 <= e.last() && t.get(k).equals("o") && t.get(k + 1).equals("clock")) {
            out.add(new Piece("o'clock", k, k + 1, Kind.LITERAL));
            k += 2;
        }
        for (; k <= e.last(); k++) {
            out.add(new Piece(t.get(k), k, k, Kind.WORD));
        }
        return out;
    }
}
