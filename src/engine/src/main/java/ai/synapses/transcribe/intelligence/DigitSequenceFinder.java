package ai.synapses.transcribe.intelligence;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.apache.commons.validator.routines.IBANValidator;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Numbers read out digit by digit: phone numbers, US social security numbers, card numbers, bank
 * account numbers and IBANs. The spoken digits are turned into numerals first ("four one five five
 * five five zero one nine nine" = 4155550199), then the words just before the number decide what
 * it is ("social security", "card", "account", "phone"; the nearest wins); without such a word the
 * number's own shape decides: a Luhn-valid 13 to 19 digits is a card, a number libphonenumber calls
 * possible is a phone number, nine digits are a social security number.
 */
final class DigitSequenceFinder {

    private static final Cues SSN = Cues.of("social security", "social", "ssn", "s s n", "security number");
    private static final Cues CARD = Cues.of("card", "visa", "mastercard", "master card", "amex", "american express",
            "discover", "credit", "debit");
    private static final Cues ACCOUNT = Cues.of("account", "routing", "acct", "checking", "savings", "bank");
    private static final Cues PHONE = Cues.of("phone", "call", "reach", "cell", "mobile", "text", "fax", "dial",
            "extension", "line", "landline", "contact", "callback", "call back", "my number", "your number",
            "the number", "his number", "her number", "number to call");
    private static final Cues IBAN_CUE = Cues.of("iban", "i b a n");
    private static final int WINDOW = 8;

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    void find(List<String> t, Claims claims) {
        findIbans(t, claims);
        for (Sequence s : sequences(t)) {
            if (!claims.free(s.first, s.last)) {
                continue;
            }
            EntityType type = classify(t, s);
            if (type != null) {
                claims.add(type, s.first, s.last);
            }
        }
    }

    /** Consecutive runs of number words, joined across "dash" and led by an optional "plus". */
    private record Sequence(int first, int last, String digits, boolean international) {
    }

    private static List<Sequence> sequences(List<String> t) {
        List<Sequence> out = new ArrayList<>();
        int i = 0;
        while (i < t.size()) {
            SpokenNumbers.Run run = SpokenNumbers.runAt(t, i);
            if (run == null || run.ordinal()) {
                i++;
                continue;
            }
            if (quantity(t, run)) {
                i = run.last() + 1; // "seven billion", "ten thousand": an amount, not digits read out
                continue;
            }
            int first = i;
            boolean international = i > 0 && t.get(i - 1).equals("plus");
            if (international) {
                first = i - 1;
            }
            StringBuilder digits = new StringBuilder(run.digits());
            int last = run.last();
            while (last + 2 < t.size() && (t.get(last + 1).equals("dash") || t.get(last + 1).equals("hyphen"))) {
                SpokenNumbers.Run next = SpokenNumbers.runAt(t, last + 2);
                if (next == null) {
                    break;
                }
                digits.append(next.digits());
                last = next.last();
            }
            out.add(new Sequence(first, last, digits.toString(), international));
            i = last + 1;
        }
        return out;
    }

    /** A cardinal said with "thousand", "million" or "billion". */
    private static boolean quantity(List<String> t, SpokenNumbers.Run run) {
        if (run.cardinal() == null) {
            return false;
        }
        for (int k = run.first(); k <= run.last(); k++) {
            if (Set.of("thousand", "million", "billion").contains(t.get(k))) {
                return true;
            }
        }
        return false;
    }

    private EntityType classify(List<String> t, Sequence s) {
        int length = s.digits.length();
        if (length < 6) {
            return null;
        }
        EntityType best = null;
        int bestDistance = Integer.MAX_VALUE;
        int at = s.first;
        int d;
        if (length == 9 && (d = SSN.distanceBefore(t, at, WINDOW)) >= 0 && d < bestDistance) {
            best = EntityType.US_SOCIAL_SECURITY_NUMBER;
            bestDistance = d;
        }
        if (length >= 12 && length <= 19 && (d = CARD.distanceBefore(t, at, WINDOW)) >= 0 && d < bestDistance) {
            best = EntityType.CREDIT_CARD_NUMBER;
            bestDistance = d;
        }
        if (length >= 6 && length <= 17 && (d = ACCOUNT.distanceBefore(t, at, WINDOW)) >= 0 && d < bestDistance) {
            best = EntityType.BANK_ACCOUNT_NUMBER;
            bestDistance = d;
        }
        if (possiblePhone(s, length >= 7 && length <= 8) && (d = PHONE.distanceBefore(t, at, WINDOW)) >= 0
                && d < bestDistance) {
            best = EntityType.PHONE_NUMBER;
        }
        if (best != null) {
            return best;
        }
        if (length >= 13 && length <= 19 && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(s.digits)) {
            return EntityType.CREDIT_CARD_NUMBER;
        }
        if (possiblePhone(s, false)) {
            return EntityType.PHONE_NUMBER;
        }
        if (length == 9 && !s.digits.startsWith("000") && !s.digits.startsWith("666") && !s.digits.startsWith("9")) {
            return EntityType.US_SOCIAL_SECURITY_NUMBER;
        }
        return null;
    }

    /** International ("plus four four ...") or a 10-digit North American number (with or without the leading 1). */
    private boolean possiblePhone(Sequence s, boolean localAllowed) {
        String digits = s.digits;
        if (s.international) {
            return digits.length() >= 8 && digits.length() <= 15 && phones.isPossibleNumber("+" + digits, "ZZ");
        }
        if (localAllowed) {
            return true;
        }
        if (digits.length() == 11 && digits.startsWith("1")) {
            digits = digits.substring(1);
        }
        return digits.length() == 10 && phones.isPossibleNumber(digits, "US");
    }

    /** "g b eight two w e s t one two ...": spelled letters and digits that form a valid IBAN (or follow "iban"). */
    private static void findIbans(List<String> t, Claims claims) {
        for (int i = 0; i + 1 < t.size(); i++) {
            if (!isLetter(t.get(i)) || !isLetter(t.get(i + 1))) {
                continue;
            }
            StringBuilder code = new StringBuilder();
            int j = i;
            int last = -1;
            while (j < t.size() && code.length() < 34) {
                String token = t.get(j);
                if (isLetter(token)) {
                    code.append(token.toUpperCase(Locale.ROOT));
                    last = j++;
                    continue;
                }
                SpokenNumbers.Run run = SpokenNumbers.runAt(t, j);
                if (run == null || run.ordinal()) {
                    break;
                }
                code.append(run.digits());
                last = run.last();
                j = last + 1;
            }
            String iban = code.toString();
            boolean shaped = iban.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");
            if (shaped && (IBANValidator.getInstance().isValid(iban) || IBAN_CUE.before(t, i, WINDOW))) {
                if (claims.add(EntityType.IBAN, i, last)) {
                    i = last;
                }
            }
        }
    }

    private static boolean isLetter(String token) {
        return token.length() == 1 && Character.isLetter(token.charAt(0));
    }
}
