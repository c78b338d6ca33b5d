package ai.synapses.transcribe.audioformat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The parsers' view of an {@link AudioBytes}: remembers the few windows already fetched, so that the many
 * small header reads of a parser cost one round trip per region of the file, not one per field.
 * A miss fetches at least {@link #MIN_FETCH} bytes: over HTTP a round trip costs far more than 8 KiB.
 */
final class SourceBytes {

    /** The first read of every file: enough for the headers of WAV, FLAC, Ogg, a faststart M4A and ~1 s of MP3. */
    static final int HEAD = 16 * 1024;
    static final int MIN_FETCH = 8 * 1024;
    private static final int SMALL_FILE = 2 * HEAD;
    private static final int MAX_WINDOWS = 8;

    private final AudioBytes bytes;
    private final long size;
    private final Deque<Window> windows = new ArrayDeque<>();
    private int fetches;

    SourceBytes(AudioBytes bytes) {
        this.bytes = bytes;
        this.size = bytes.size();
    }

    /** Round trips so far, for parsers that follow chains of offsets and must give up at some point. */
    int fetches() {
        return fetches;
    }

    /** File size, -1 when unknown. */
    long size() {
        return size;
    }

    /** {@code length} bytes from {@code offset}, fewer only at the end of the file; served from cache when possible. */
    byte[] read(long offset, int length) throws IOException {
        if (offset < 0 || length <= 0 || (size >= 0 && offset >= size)) {
            return new byte[0];
        }
        Window holdsStart = null;
        for (Window w : windows) {
            byte[] hit = w.slice(offset, length);
            if (hit != null) {
                return hit;
            }
            if (w.offset() <= offset && offset < w.end() && (holdsStart == null || w.end() > holdsStart.end())) {
                holdsStart = w;
            }
        }
        // A file not much bigger than the first read is fetched whole: one round trip instead of three.
        if (windows.isEmpty() && size >= 0 && size <= SMALL_FILE) {
            fetches++;
            remember(new Window(0, bytes.read(0, (int) size), true));
            return read(offset, length);
        }
        // Fetch only what the cache does not already hold at the start of the range, then join the two.
        long from = holdsStart != null ? holdsStart.end() : offset;
        int fetch = (int) Math.max(offset + length - from, MIN_FETCH);
        if (size >= 0) {
            fetch = (int) Math.min(fetch, size - from);
        }
        fetches++;
        byte[] data = bytes.read(from, fetch);
        boolean eof = data.length < fetch || (size >= 0 && from + data.length >= size);
        Window w = new Window(from, data, eof);
        if (holdsStart != null) {
            byte[] kept = Arrays.copyOfRange(holdsStart.data(), (int) (offset - holdsStart.offset()),
                    holdsStart.data().length);
            byte[] joined = Arrays.copyOf(kept, kept.length + data.length);
            System.arraycopy(data, 0, joined, kept.length, data.length);
            w = new Window(offset, joined, eof);
        }
        remember(w);
        return w.slice(offset, length);
    }

    /** Exactly one fetch of {@code length} bytes, not cached: for walking a file block by block. */
    byte[] readBlock(long offset, int length) throws IOException {
        if (offset < 0 || length <= 0 || (size >= 0 && offset >= size)) {
            return new byte[0];
        }
        int fetch = size >= 0 ? (int) Math.min(length, size - offset) : length;
        fetches++;
        return bytes.read(offset, fetch);
    }

    private void remember(Window w) {
        windows.addFirst(w);
        if (windows.size() > MAX_WINDOWS) {
            windows.removeLast();
        }
    }

    /** Bytes fetched from {@code offset}; {@code reachesEof} when the file ends inside or right after it. */
    private record Window(long offset, byte[] data, boolean reachesEof) {

        long end() {
            return offset + data.length;
        }

        byte[] slice(long from, int length) {
            long end = end();
            if (from < offset || from > end || (from + length > end && !reachesEof)) {
                return null;
            }
            int start = (int) (from - offset);
            return Arrays.copyOfRange(data, start, (int) Math.min(data.length, start + (long) length));
        }
    }
}
