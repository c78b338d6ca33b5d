package ai.synapses.transcribe.intelligence;

import org.apache.commons.validator.routines.EmailValidator;
import org.apache.commons.validator.routines.InetAddressValidator;

import java.util.List;
import java.util.Set;

/**
 * Email addresses, URLs and IP addresses as they are spoken: "john dot smith at example dot com",
 * "w w w dot acme dot com slash careers", "one ninety two dot one sixty eight dot one dot ten". The
 * spoken form is rebuilt ("john.smith@example.com") and checked with commons-validator, so "look at
 * that dot" is not an address. Written ones ("john@example.com", "acme.com") are taken as they are.
 */
final class SpokenAddressFinder {

    private static final Set<String> TLDS = Set.of("com", "org", "net", "edu", "gov", "io", "co", "uk", "us",
            "de", "fr", "ca", "au", "in", "info", "biz", "ai", "me", "app", "dev", "tv", "eu", "es", "it", "nl");
    private static final Set<String> DOTS = Set.of("dot", "period");
    private static final Set<String> JOINERS = Set.of("dot", "period", "underscore", "dash", "hyphen");
    private static final Set<String> AT = Set.of("at");
    private static final Set<String> NOT_A_LABEL = Set.of("at", "dot", "period", "slash", "the", "a", "an", "and",
            "or", "is", "it's", "me", "us", "to", "on", "in", "of", "my", "your", "our", "their", "email", "address");

    private final Gazetteer firstNames;

    SpokenAddressFinder(Gazetteer firstNames) {
        this.firstNames = firstNames;
    }

    void find(List<String> t, Claims claims) {
        for (int i = 0; i < t.size(); i++) {
            String token = t.get(i);
            if (token.contains("@") && EmailValidator.getInstance().isValid(token)) {
                claims.add(EntityType.EMAIL_ADDRESS, i, i);
            } else if (token.matches("(https?://)?([a-z0-9-]+\\.)+[a-z]{2,}(/\\S*)?") && !token.contains("@")
                    && TLDS.contains(token.replaceAll("^(https?://)?([a-z0-9-]+\\.)+([a-z]{2,}).*$", "$3"))) {
                claims.add(EntityType.URL, i, i);
            } else if (InetAddressValidator.getInstance().isValidInet4Address(token)) {
                claims.add(EntityType.IP_ADDRESS, i, i);
            }
        }
        findEmails(t, claims);
        findIpAddresses(t, claims);
        findUrls(t, claims);
    }

    private void findEmails(List<String> t, Claims claims) {
        for (int at = 1; at < t.size() - 3; at++) {
            if (!AT.contains(t.get(at))) {
                continue;
            }
            int domainEnd = domainEndingAfter(t, at + 1);
            if (domainEnd < 0) {
                continue;
            }
            int localStart = localPartStart(t, at - 1);
            if (localStart < 0) {
                continue;
            }
            String address = render(t, localStart, at - 1) + "@" + render(t, at + 1, domainEnd);
            if (EmailValidator.getInstance().isValid(address)) {
                claims.add(EntityType.EMAIL_ADDRESS, localStart, domainEnd);
            }
        }
    }

    /** The local part ends at {@code end}: labels joined by "dot", "underscore", ...; single letters; a first name before a surname. */
    private int localPartStart(List<String> t, int end) {
        if (end < 0 || !isLabel(t.get(end))) {
            return -1;
        }
        int start = end;
        while (true) {
            if (start >= 2 && JOINERS.contains(t.get(start - 1)) && isLabel(t.get(start - 2))) {
                start -= 2;
            } else if (start >= 1 && (isSpelledLetter(t.get(start - 1))
                    || SpokenNumbers.isNumberWord(t.get(start)) && isLabel(t.get(start - 1)))) {
                start -= 1; // "j smith", "mike seventy seven"
            } else if (start >= 1 && start == end && firstNames.contains(t.get(start - 1))) {
                start -= 1; // "john smith at ..." is johnsmith@
            } else {
                return start;
            }
        }
    }

    /** The last token of "label (dot label)* dot tld" starting at {@code from}, or -1. */
    private static int domainEndingAfter(List<String> t, int from) {
        if (from >= t.size() || !isLabel(t.get(from))) {
            return -1;
        }
        int i = from;
        int end = -1;
        while (i + 2 < t.size() && (DOTS.contains(t.get(i + 1))
                || t.get(i + 1).equals("not") && TLDS.contains(t.get(i + 2))) // "dot com" heard as "not com"
                && isLabel(t.get(i + 2))) {
            i += 2;
            if (TLDS.contains(t.get(i))) {
                end = i;
            }
        }
        return end;
    }

    private void findIpAddresses(List<String> t, Claims claims) {
        for (int i = 0; i < t.size(); i++) {
            SpokenNumbers.Run first = SpokenNumbers.runAt(t, i);
            if (first == null) {
                continue;
            }
            StringBuilder address = new StringBuilder(octet(first));
            int end = first.last();
            int parts = 1;
            while (parts < 4 && end + 2 < t.size() && (DOTS.contains(t.get(end + 1)) || t.get(end + 1).equals("point"))) {
                SpokenNumbers.Run next = SpokenNumbers.runAt(t, end + 2);
                if (next == null) {
                    break;
                }
                address.append('.').append(octet(next));
                end = next.last();
                parts++;
            }
            if (parts == 4 && InetAddressValidator.getInstance().isValidInet4Address(address.toString())) {
                claims.add(EntityType.IP_ADDRESS, i, end);
                i = end;
            }
        }
    }

    private static String octet(SpokenNumbers.Run run) {
        if (run.cardinal() != null && run.cardinal() <= 255) {
            return Long.toString(run.cardinal());
        }
        return run.digits().replaceFirst("^0+(?=\\d)", "");
    }

    private void findUrls(List<String> t, Claims claims) {
        for (int i = 0; i < t.size(); i++) {
            if (!claims.free(i) || (i > 0 && AT.contains(t.get(i - 1)))) {
                continue;
            }
            int end = domainEndingAfter(t, i);
            if (end < 0 || !claims.free(i, end)) {
                continue;
            }
            if (t.get(i).equals("w") && i + 1 < t.size() && t.get(i + 1).equals("w")) {
                continue; // the domain starts at the last "w"
            }
            int start = i;
            // a domain found from the last "w" of "w w w dot acme dot com"
            if (t.get(i).equals("w") && i >= 2 && t.get(i - 1).equals("w") && t.get(i - 2).equals("w")) {
                start = i - 2;
            }
            // "w w w dot", "www dot", "h t t p s colon slash slash"
            if (start >= 2 && DOTS.contains(t.get(start - 1)) && t.get(start - 2).equals("www")) {
                start -= 2;
            } else if (start >= 4 && DOTS.contains(t.get(start - 1)) && t.subList(start - 4, start - 1).equals(List.of("w", "w", "w"))) {
                start -= 4;
            }
            for (String scheme : List.of("https", "http")) {
                int k = start - 3;
                if (k >= 0 && t.get(k).equals(scheme) && t.get(k + 1).equals("colon") && t.get(k + 2).equals("slash")
                        && k + 3 < t.size()) {
                    start = k;
                }
            }
            if (start >= 4 && t.subList(start - 4, start).equals(List.of("colon", "slash", "slash", "slash")) ) {
                start -= 4;
            }
            while (end + 2 < t.size() && t.get(end + 1).equals("slash") && isLabel(t.get(end + 2))
                    && !NOT_A_LABEL.contains(t.get(end + 2))) {
                end += 2;
            }
            if (claims.add(EntityType.URL, start, end)) {
                i = end;
            }
        }
    }

    private static boolean isLabel(String token) {
        return !NOT_A_LABEL.contains(token) && token.matches("[a-z0-9][a-z0-9-]*");
    }

    private static boolean isSpelledLetter(String token) {
        return token.length() == 1 && Character.isLetter(token.charAt(0)) && !token.equals("a") && !token.equals("i");
    }

    /** "john dot smith" -> "john.smith", "four two" -> "42". */
    private static String render(List<String> t, int first, int last) {
        StringBuilder out = new StringBuilder();
        int i = first;
        while (i <= last) {
            String token = t.get(i);
            switch (token) {
                case "dot", "period", "not" -> out.append('.');
                case "underscore" -> out.append('_');
                case "dash", "hyphen" -> out.append('-');
                default -> {
                    SpokenNumbers.Run run = SpokenNumbers.isNumberWord(token) ? SpokenNumbers.runAt(t, i) : null;
                    if (run != null && run.last() <= last) {
                        out.append(run.digits());
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
}
