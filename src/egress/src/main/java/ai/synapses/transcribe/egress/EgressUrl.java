package ai.synapses.transcribe.egress;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A URL that passed the static egress rules: https, no credentials, a valid host. Its {@link #uri()} is
 * canonical the way browsers canonicalise it (numeric IPv4 hosts such as {@code 0x7f.1} rewritten as
 * {@code 127.0.0.1}, host lower case, fragment dropped), so what was checked is what the HTTP client
 * sees. A name host is checked later, by the resolver that also supplies the addresses to connect to.
 * Only {@link #parse} makes one (not a record: a public constructor would let unchecked URLs in).
 */
public final class EgressUrl {

    private static final int MAX_NAME_LENGTH = 253;

    private final URI uri;
    private final String host;
    private final InetAddress literal;

    private EgressUrl(URI uri, String host, InetAddress literal) {
        this.uri = uri;
        this.host = host;
        this.literal = literal;
    }

    public static EgressUrl parse(String url) throws EgressException {
        if (url == null || url.isBlank()) {
            throw invalid("the URL is empty");
        }
        try {
            return parse(new URI(url.strip()));
        } catch (URISyntaxException e) {
            throw invalid("not a valid URL: " + e.getReason());
        }
    }

    public static EgressUrl parse(URI url) throws EgressException {
        if (url.getScheme() == null) {
            throw invalid("not an absolute URL");
        }
        if (!"https".equalsIgnoreCase(url.getScheme())) {
            throw new EgressException(EgressException.Reason.URL_NOT_HTTPS, "only https URLs are allowed, not " + url.getScheme());
        }
        String authority = url.getRawAuthority();
        if (url.isOpaque() || authority == null || authority.isEmpty()) {
            throw invalid("the URL has no host");
        }
        if (authority.indexOf('@') >= 0) {
            throw new EgressException(EgressException.Reason.URL_HAS_CREDENTIALS, "URLs with credentials (user:password@) are not allowed");
        }
        String rawHost;
        String rawPort;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid("unterminated IPv6 address");
            }
            rawHost = authority.substring(0, close + 1);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw invalid("unexpected text after the IPv6 address");
            }
            rawPort = rest.isEmpty() ? "" : rest.substring(1);
        } else {
            int colon = authority.lastIndexOf(':');
            rawHost = colon < 0 ? authority : authority.substring(0, colon);
            rawPort = colon < 0 ? "" : authority.substring(colon + 1);
        }
        int port = port(rawPort);

        String host;
        InetAddress literal;
        if (rawHost.startsWith("[")) {
            literal = NumericHost.parse(rawHost);
            host = NumericHost.canonical(literal, rawHost);
        } else {
            String name = asciiName(percentDecode(rawHost));
            literal = NumericHost.parse(name);
            if (literal != null) {
                host = NumericHost.canonical(literal, name);
            } else {
                checkName(name);
                host = name;
            }
        }

        StringBuilder canonical = new StringBuilder("https://").append(host);
        if (port >= 0) {
            canonical.append(':').append(port);
        }
        String path = url.getRawPath();
        canonical.append(path == null || path.isEmpty() ? "/" : path);
        if (url.getRawQuery() != null) {
            canonical.append('?').append(url.getRawQuery());
        }
        try {
            return new EgressUrl(new URI(canonical.toString()), host, literal);
        } catch (URISyntaxException e) {
            throw invalid("not a valid URL: " + e.getReason());
        }
    }

    /** The target of a redirect's {@code Location}, relative to this URL, checked like any other. */
    public EgressUrl resolve(String location) throws EgressException {
        if (location == null || location.isBlank()) {
            throw invalid("redirect without a Location");
        }
        try {
            return parse(uri.resolve(new URI(location.strip())));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw invalid("redirect Location is not a valid URL");
        }
    }

    /** The canonical URL. */
    public URI uri() {
        return uri;
    }

    /** The host as it appears in {@link #uri()} (IPv6 in brackets). */
    public String host() {
        return host;
    }

    /** The address when the host is an IP literal, else null (a name, checked when resolved). */
    public InetAddress literal() {
        return literal;
    }

    @Override
    public String toString() {
        return uri.toString();
    }

    private static int port(String text) throws EgressException {
        if (text.isEmpty()) {
            return -1;
        }
        if (text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid("invalid port " + text);
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw invalid("invalid port " + text);
        }
        return port;
    }

    /** Browsers percent-decode hosts before parsing them; so must we, or "%31%32%37.0.0.1" would slip past as a name. */
    private static String percentDecode(String host) throws EgressException {
        if (host.indexOf('%') < 0) {
            return host;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '%') {
                int hi = i + 2 < host.length() ? Character.digit(host.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(host.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw invalid("invalid percent-encoding in the host");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw invalid("invalid percent-encoding in the host");
        }
    }

    /** IDNA maps full-width digits and dots to ASCII, so this runs before the numeric check. */
    private static String asciiName(String host) throws EgressException {
        String ascii = host;
        if (!host.chars().allMatch(c -> c < 0x80)) {
            try {
                ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw invalid("invalid international host name");
            }
        }
        return ascii.toLowerCase(Locale.ROOT);
    }

    private static void checkName(String name) throws EgressException {
        String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (bare.isEmpty() || bare.length() > MAX_NAME_LENGTH) {
            throw invalid("invalid host name");
        }
        for (String label : bare.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw invalid("invalid host name " + name);
            }
        }
    }

    private static EgressException invalid(String message) {
        return new EgressException(EgressException.Reason.URL_INVALID, message);
    }
}
