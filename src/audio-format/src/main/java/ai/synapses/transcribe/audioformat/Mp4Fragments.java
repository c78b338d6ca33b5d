package ai.synapses.transcribe.audioformat;

import java.io.IOException;

/**
 * Duration of a fragmented MP4 (what Safari's MediaRecorder and live packagers write): the moov holds no
 * samples, each moof describes the next piece. The track ends where its last fragment ends: that fragment's
 * tfdt (decode time of its first sample) plus the durations in its trun boxes. The last moof is found in the
 * file's tail, or through the mfra index at the very end.
 */
final class Mp4Fragments {

    private static final int TAIL = 64 * 1024;
    private static final int MAX_MOOF = 1024 * 1024;
    private static final int MFRO = 16;

    private Mp4Fragments() {
    }

    /** End of the track in its timescale, or -1 when the file does not say it within the bytes we read. */
    static long trackEnd(SourceBytes src, long size, long trackId, long trexDuration)
            throws AudioFormatException, IOException {
        if (size < 0) {
            return -1;
        }
        long from = Math.max(0, size - TAIL);
        byte[] b = src.read(from, (int) (size - from));
        for (int i = Bin.lastIndexOf(b, "moof", b.length - 4); i >= 4; i = Bin.lastIndexOf(b, "moof", i - 1)) {
            int start = i - 4;
            long moofSize = Bin.u32be(b, start);
            // "moof" also occurs inside audio bytes: believe it only with a plausible size and mfhd first
            if (moofSize >= 16 && start + moofSize <= b.length && Bin.startsWith(b, start + 12, "mfhd")) {
                long end = fragmentEnd(b, start + 8, (int) (start + moofSize), trackId, trexDuration);
                if (end >= 0) {
                    return end;
                }
            }
        }
        long moof = lastMoofFromIndex(b, from, size, trackId, src);
        if (moof >= 0) {
            Mp4Box box = Mp4Box.read(src, moof, size);
            if (box != null && box.type().equals("moof") && box.size() <= MAX_MOOF) {
                byte[] m = src.read(box.offset(), (int) box.size());
                return fragmentEnd(m, box.headerSize(), m.length, trackId, trexDuration);
            }
        }
        return -1;
    }

    /** End time of the track's samples in the moof body {@code b[from..to)}, or -1 without a tfdt. */
    private static long fragmentEnd(byte[] b, int from, int to, long trackId, long trexDuration) {
        for (int p = from; p + 8 <= to; ) {
            long size = Bin.u32be(b, p);
            if (size < 8 || p + size > to) {
                return -1;
            }
            if (Bin.startsWith(b, p + 4, "traf")) {
                long end = trafEnd(b, p + 8, (int) (p + size), trackId, trexDuration);
                if (end >= 0) {
                    return end;
                }
            }
            p += (int) size;
        }
        return -1;
    }

    private static long trafEnd(byte[] b, int from, int to, long trackId, long trexDuration) {
        long defaultDuration = trexDuration;
        long decodeTime = -1;
        long durations = 0;
        for (int p = from; p + 8 <= to; ) {
            long size = Bin.u32be(b, p);
            if (size < 8 || p + size > to) {
                return -1;
            }
            int body = p + 8;
            String type = Bin.ascii(b, p + 4, 4);
            if (type.equals("tfhd")) {
                int flags = Bin.u24be(b, body + 1);
                if (Bin.u32be(b, body + 4) != trackId) {
                    return -1;
                }
                int q = body + 8 + ((flags & 0x01) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0);
                if ((flags & 0x08) != 0) {
                    defaultDuration = Bin.u32be(b, q);
                }
            } else if (type.equals("tfdt")) {
                decodeTime = b[body] == 1 ? Bin.u64be(b, body + 4) : Bin.u32be(b, body + 4);
            } else if (type.equals("trun")) {
                durations += trunDuration(b, body, (int) (p + size), defaultDuration);
            }
            p += (int) size;
        }
        return decodeTime < 0 ? -1 : decodeTime + durations;
    }

    private static long trunDuration(byte[] b, int body, int end, long defaultDuration) {
        int flags = Bin.u24be(b, body + 1);
        long count = Bin.u32be(b, body + 4);
        if ((flags & 0x100) == 0) {
            return count * defaultDuration;
        }
        int q = body + 8 + ((flags & 0x01) != 0 ? 4 : 0) + ((flags & 0x04) != 0 ? 4 : 0);
        int stride = 4 * Integer.bitCount(flags & 0xF00);
        long sum = 0;
        for (long k = 0; k < count && q + 4 <= end; k++, q += stride) {
            sum += Bin.u32be(b, q);
        }
        return sum;
    }

    /** Offset of the track's last moof from the mfra index that ends the file, or -1. */
    private static long lastMoofFromIndex(byte[] tail, long tailStart, long size, long trackId, SourceBytes src)
            throws IOException {
        int mfro = (int) (size - MFRO - tailStart);
        if (mfro < 0 || !Bin.startsWith(tail, mfro + 4, "mfro")) {
            return -1;
        }
        long mfraSize = Bin.u32be(tail, mfro + 12);
        if (mfraSize < 16 || mfraSize > size) {
            return -1;
        }
        byte[] mfra = src.read(size - mfraSize, (int) Math.min(mfraSize, MAX_MOOF));
        if (!Bin.startsWith(mfra, 4, "mfra")) {
            return -1;
        }
        for (int p = 8; p + 8 <= mfra.length; ) {
            long boxSize = Bin.u32be(mfra, p);
            if (boxSize < 8) {
                return -1;
            }
            if (Bin.startsWith(mfra, p + 4, "tfra") && p + 24 <= mfra.length && Bin.u32be(mfra, p + 12) == trackId) {
                boolean v1 = mfra[p + 8] == 1;
                int lengths = (int) Bin.u32be(mfra, p + 16);
                int entry = (v1 ? 16 : 8) + (lengths >>> 4 & 3) + 1 + (lengths >>> 2 & 3) + 1 + (lengths & 3) + 1;
                long entries = Bin.u32be(mfra, p + 20);
                int last = (int) (p + 24 + (entries - 1) * entry);
                if (entries == 0 || last + entry > mfra.length) {
                    return -1;
                }
                return v1 ? Bin.u64be(mfra, last + 8) : Bin.u32be(mfra, last + 4);
            }
            p += (int) boxSize;
        }
        return -1;
    }
}
