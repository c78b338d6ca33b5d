package ai.synapses.transcribe.audioformat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What tells one file behind a URL from another: its size and, when the server sends them, its ETag and
 * Last-Modified. The submit records them from the probe, the worker from its download; a difference means
 * the customer's host served the worker another file than the one the submit priced.
 *
 * @param sizeBytes    -1 when unknown
 * @param etag         null when the server sent none
 * @param lastModified null when the server sent none
 */
public record AudioFileIdentity(long sizeBytes, String etag, String lastModified) {

    /** Longer header values are cut: they come from the customer's host and end up in messages and logs. */
    static final int MAX_VALUE_LENGTH = 200;

    public AudioFileIdentity {
        etag = bounded(etag);
        lastModified = bounded(lastModified);
    }

    /** A header value as kept: null stays null, anything beyond {@value #MAX_VALUE_LENGTH} characters is cut. */
    public static String bounded(String headerValue) {
        return headerValue == null || headerValue.length() <= MAX_VALUE_LENGTH ? headerValue
                : headerValue.substring(0, MAX_VALUE_LENGTH);
    }

    /**
     * How {@code later} differs from this identity, one phrase per field both sides know (e.g. {@code size
     * 64044 -> 1994094 bytes}); empty when nothing known differs.
     */
    public List<String> differencesTo(AudioFileIdentity later) {
        List<String> differences = new ArrayList<>(3);
        if (sizeBytes >= 0 && later.sizeBytes >= 0 && sizeBytes != later.sizeBytes) {
            differences.add("size " + sizeBytes + " -> " + later.sizeBytes + " bytes");
        }
        if (etag != null && later.etag != null && !Objects.equals(etag, later.etag)) {
            differences.add("ETag " + etag + " -> " + later.etag);
        }
        if (lastModified != null && later.lastModified != null && !Objects.equals(lastModified, later.lastModified)) {
            differences.add("Last-Modified " + lastModified + " -> " + later.lastModified);
        }
        return differences;
    }
}
