package ai.synapses.transcribe.egress;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote audio file read by HTTP range requests, for probing its format and duration without
 * downloading it. Opening fetches the first chunk; every block fetched afterwards is cached, and each
 * request reads ahead (doubling up to 1 MiB while the parsers keep asking), so their many small reads
 * cost few requests. A server that ignores ranges (answers 200) is read only as far as needed and the
 * connection dropped; later reads past the cache fetch it again from the start and skip forward.
 * Everything downloaded, skipped bytes included, counts against {@code maxProbeBytes}; requests against
 * {@code maxProbeRequests}. Exceeding either is {@code too_large}; the whole probe must end within
 * {@code totalTimeout}.
 *
 * <p>Not thread-safe: one probe, one thread. It holds no connection between reads, so it needs no closing.
 */
public final class RemoteAudio {

    private static final int MAX_READ_AHEAD = 1 << 20;
    /** 416 is how a server says a range starts at or past the end (the whole of an empty file, for one). */
    private static final IntPredicate ACCEPTED = status -> (status >= 200 && status < 300) || status == 416;
    private static final Pattern CONTENT_RANGE = Pattern.compile("\\s*bytes\\s+(?:(\\d{1,18})-(\\d{1,18})|\\*)/(\\d{1,18}|\\*)\\s*");

    private final SafeHttpClient client;
    private final int maxBytes;
    private final int maxRequests;
    private final Deadline deadline;
    private final NavigableMap<Long, byte[]> blocks = new TreeMap<>();
    private EgressUrl url;
    private String contentType;
    private String etag;
    private String lastModified;
    private long size = -1;
    private boolean rangesHonoured = true;
    private int readAhead;
    private long downloaded;
    private int requests;

    private RemoteAudio(SafeHttpClient client, EgressUrl url, FetchOptions options) {
        this.client = client;
        this.url = url;
        this.readAhead = options.probeChunkBytes();
        this.maxBytes = options.maxProbeBytes();
        this.maxRequests = options.maxProbeRequests();
        this.deadline = Deadline.after(options.totalTimeout());
    }

    /** Fetches the first chunk ({@code probeChunkBytes}); fails like {@link SafeHttpClient#get} when the file cannot be read. */
    public static RemoteAudio open(SafeHttpClient client, String url) throws EgressException {
        return open(client, client.validate(url));
    }

    static RemoteAudio open(SafeHttpClient client, EgressUrl url) throws EgressException {
        RemoteAudio audio = new RemoteAudio(client, url, client.options());
        audio.fetch(0, 1);
        return audio;
    }

    /** Total size in bytes, or -1 when the server does not tell. */
    public long size() {
        return size;
    }

    /** Up to {@code length} bytes from {@code offset}; fewer only at the end of the file, empty past it. */
    public byte[] read(long offset, int length) throws EgressException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        long end = size >= 0 ? Math.min(offset + length, size) : offset + length;
        if (end <= offset) {
            return new byte[0];
        }
        byte[] out = new byte[(int) (end - offset)];
        long pos = offset;
        while (pos < end) {
            Map.Entry<Long, byte[]> block = blocks.floorEntry(pos);
            if (block != null && pos < block.getKey() + block.getValue().length) {
                int from = (int) (pos - block.getKey());
                int n = (int) Math.min(end - pos, block.getValue().length - from);
                System.arraycopy(block.getValue(), from, out, (int) (pos - offset), n);
                pos += n;
                continue;
            }
            Long next = blocks.higherKey(pos);
            fetch(pos, (int) ((next == null ? end : Math.min(end, next)) - pos));
            if (size >= 0) {
                end = Math.min(end, size);
            }
            if (pos < end && !cached(pos)) {
                // Neither bytes nor an end: stop rather than ask again forever.
                throw EgressException.httpError(206, url.host() + " sent no bytes for offset " + pos);
            }
        }
        return pos - offset == out.length ? out : Arrays.copyOf(out, (int) (pos - offset));
    }

    /** The URL that answered the first request (after redirects); later requests go there directly. */
    public EgressUrl url() {
        return url;
    }

    /** The server's Content-Type, a hint only: servers label audio as anything. */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** The file's ETag from the first answer, when the server sent one. */
    public Optional<String> etag() {
        return Optional.ofNullable(etag);
    }

    /** The file's Last-Modified from the first answer, when the server sent one. */
    public Optional<String> lastModified() {
        return Optional.ofNullable(lastModified);
    }

    /** False once the server answered a range request with the whole file. */
    public boolean rangesHonoured() {
        return rangesHonoured;
    }

    /** Body bytes read from the network so far, skipped ones included. */
    public long bytesDownloaded() {
        return downloaded;
    }

    public int requestCount() {
        return requests;
    }

    private boolean cached(long pos) {
        Map.Entry<Long, byte[]> block = blocks.floorEntry(pos);
        return block != null && pos < block.getKey() + block.getValue().length;
    }

    /** Fetches at least {@code want} bytes at {@code from} (fewer only at the end), plus read-ahead, into the cache. */
    private void fetch(long from, int want) throws EgressException {
        if (requests >= maxRequests) {
            throw tooLarge("reading it needs more than " + maxRequests + " requests");
        }
        long budget = maxBytes - downloaded;
        if ((rangesHonoured ? 0 : from) + want > budget) {
            throw tooLarge(exceeds());
        }
        long ask = Math.max(want, readAhead);
        if (size >= 0) {
            ask = Math.min(ask, size - from);
        }
        Long next = blocks.higherKey(from);
        if (next != null) {
            ask = Math.min(ask, next - from);
        }
        ask = Math.min(ask, budget - (rangesHonoured ? 0 : from));
        readAhead = Math.min(readAhead * 2, MAX_READ_AHEAD);
        requests++;
        Map<String, String> range = Map.of("Range", "bytes=" + from + "-" + (from + ask - 1));
        try (EgressResponse response = client.get(url, range, ACCEPTED, deadline)) {
            if (requests == 1) {
                url = EgressUrl.parse(response.url());
                contentType = response.header("Content-Type").orElse(null);
                etag = response.header("ETag").orElse(null);
                lastModified = response.header("Last-Modified").orElse(null);
            }
            try {
                absorb(response, from, want, (int) ask);
            } finally {
                downloaded += response.bytesRead();
            }
        }
    }

    private void absorb(EgressResponse response, long from, int want, int ask) throws EgressException {
        int status = response.status();
        if (status == 416) {
            long total = response.header("Content-Range").map(RemoteAudio::total).orElse(-1L);
            size = total >= 0 ? Math.min(total, from) : from;
            return;
        }
        long start = 0;
        if (status == 206) {
            long[] range = response.header("Content-Range").map(RemoteAudio::range).orElse(null);
            if (range == null || range[0] > from || range[1] < from) {
                throw EgressException.httpError(206, url.host() + " answered a range request with a wrong or missing Content-Range");
            }
            start = range[0];
            if (range[2] >= 0) {
                size = range[2];
            }
        } else {
            rangesHonoured = false;
            if (response.contentLength() >= 0) {
                size = response.contentLength();
            }
        }
        // Bytes before `from` (a server ignoring the range, or answering an earlier one) are downloaded too.
        long skip = from - start;
        long budget = maxBytes - downloaded;
        if (skip + want > budget) {
            throw tooLarge(exceeds());
        }
        ask = (int) Math.min(ask, budget - skip);
        if (skip > 0) {
            long skipped = response.skip(skip);
            if (skipped < skip) {
                if (status != 206) {
                    size = start + skipped; // the whole file was shorter than the offset asked for
                }
                return;
            }
        }
        byte[] data = response.readUpTo(ask);
        if (data.length > 0) {
            blocks.put(from, data);
        }
        if (status != 206 && data.length < ask) {
            size = from + data.length; // a whole-file body ended: that is the end of the file
        }
    }

    private String exceeds() {
        return "reading it would download more than " + maxBytes + " bytes"
                + (rangesHonoured ? "" : " (the server ignores range requests)");
    }

    private EgressException tooLarge(String why) {
        return new EgressException(EgressException.Reason.TOO_LARGE, "audio at " + url.host() + ": " + why);
    }

    /** first, last, total (-1 when "*") of a "bytes first-last/total" Content-Range, or null. */
    private static long[] range(String header) {
        Matcher m = CONTENT_RANGE.matcher(header);
        if (!m.matches() || m.group(1) == null) {
            return null;
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        long total = "*".equals(m.group(3)) ? -1 : Long.parseLong(m.group(3));
        if (last < first || (total >= 0 && last >= total)) {
            return null;
        }
        return new long[] {first, last, total};
    }

    /** The total of a Content-Range ("bytes *&#47;1234"), -1 when unknown. */
    private static long total(String header) {
        Matcher m = CONTENT_RANGE.matcher(header);
        return m.matches() && !"*".equals(m.group(3)) ? Long.parseLong(m.group(3)) : -1;
    }
}
