package ai.synapses.transcribe.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Recognises IP address literals in every form a browser or {@code inet_aton} accepts, without any DNS
 * lookup: {@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1}, {@code 0x7f.1},
 * {@code [::1]}, {@code [::ffff:127.0.0.1]}. Follows the WHATWG URL host parser: a host whose last label
 * is a number is an IPv4 address or invalid, never a name, so no resolver ever gets to interpret it
 * differently from the check.
 */
final class NumericHost {

    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private NumericHost() {
    }

    /**
     * The address {@code host} denotes when it is an IP literal (IPv6 with or without brackets), or null when
     * it is a name to resolve.
     *
     * @throws EgressException {@code url_invalid} when it looks numeric but is not a valid address
     */
    static InetAddress parse(String host) throws EgressException {
        if (host.startsWith("[") || host.indexOf(':') >= 0) {
            return parseV6(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
        }
        String[] parts = host.split("\\.", -1);
        int count = parts.length;
        if (count > 1 && parts[count - 1].isEmpty()) {
            count--; // one trailing dot is allowed, as in a fully qualified name
        }
        if (count == 0 || !endsInNumber(parts[count - 1])) {
            return null;
        }
        if (count > 4) {
            throw invalid(host);
        }
        long[] numbers = new long[count];
        for (int i = 0; i < count; i++) {
            numbers[i] = number(parts[i]);
            if (numbers[i] < 0) {
                throw invalid(host);
            }
        }
        long value = 0;
        for (int i = 0; i < count - 1; i++) {
            if (numbers[i] > 255) {
                throw invalid(host);
            }
            value |= numbers[i] << (8 * (3 - i));
        }
        long last = numbers[count - 1];
        if (last >= 1L << (8 * (5 - count))) {
            throw invalid(host);
        }
        value |= last;
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The canonical dotted-quad or bracketed IPv6 text of a literal, as browsers rewrite it. */
    static String canonical(InetAddress address, String original) {
        if (original.startsWith("[")) {
            return original.toLowerCase(java.util.Locale.ROOT);
        }
        return address.getHostAddress();
    }

    private static boolean endsInNumber(String label) {
        if (label.isEmpty()) {
            return false;
        }
        boolean digits = label.chars().allMatch(c -> c >= '0' && c <= '9');
        return digits || number(label) >= 0;
    }

    /** One IPv4 part: decimal, octal with a leading 0, or hex with 0x; -1 when it is not a number or is absurdly long. */
    private static long number(String part) {
        if (part.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            int digit = c < 0x80 ? Character.digit(c, radix) : -1; // ASCII only: Character.digit also reads other scripts' digits
            if (digit < 0) {
                return -1;
            }
            value = value * radix + digit;
            if (value > 0xFFFF_FFFFL) {
                return Long.MAX_VALUE; // too large for any part; fails the range checks, still "a number"
            }
        }
        return value;
    }

    private static InetAddress parseV6(String literal) throws EgressException {
        if (literal.indexOf('%') >= 0) {
            throw new EgressException(EgressException.Reason.URL_INVALID, "IPv6 zone identifiers are not allowed in URLs");
        }
        // Only hex digits, colons and dots, and at least one colon: the JDK then parses a literal and never
        // consults DNS.
        if (literal.indexOf(':') < 0 || !IPV6_CHARS.matcher(literal).matches() || hasLeadingZeroOctet(literal)) {
            throw invalid("[" + literal + "]");
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw invalid("[" + literal + "]");
        }
    }

    /** A dotted IPv4 tail with a leading zero ("::ffff:0177.0.0.1"): browsers refuse it, the JDK would read it as decimal. */
    private static boolean hasLeadingZeroOctet(String literal) {
        if (literal.indexOf('.') < 0) {
            return false;
        }
        for (String octet : literal.substring(literal.lastIndexOf(':') + 1).split("\\.")) {
            if (octet.length() > 1 && octet.charAt(0) == '0') {
                return true;
            }
        }
        return false;
    }

    private static EgressException invalid(String host) {
        return new EgressException(EgressException.Reason.URL_INVALID, "host " + host + " is not a valid IP address");
    }
}
