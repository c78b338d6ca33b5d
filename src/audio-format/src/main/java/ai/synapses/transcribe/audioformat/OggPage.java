package ai.synapses.transcribe.audioformat;

/**
 * One Ogg page header. A page found by scanning for "OggS" is only believed when its CRC matches, since
 * those four bytes also occur inside compressed audio.
 *
 * @param offset     where the page starts in the buffer it was parsed from
 * @param bodyOffset where its first packet starts in that buffer
 * @param length     header, segment table and body
 */
record OggPage(int offset, int headerType, long granule, long serial, int bodyOffset, int length) {

    static final int MAX_LENGTH = 27 + 255 + 255 * 255;
    private static final int BOS = 0x02;
    private static final int[] CRC_TABLE = crcTable();

    boolean beginsStream() {
        return (headerType & BOS) != 0;
    }

    /** The page at {@code i}, or null when there is none or it does not fit in {@code b}. */
    static OggPage parse(byte[] b, int i) {
        if (i < 0 || i + 27 > b.length || !Bin.startsWith(b, i, "OggS") || b[i + 4] != 0) {
            return null;
        }
        int segments = Bin.u8(b, i + 26);
        if (i + 27 + segments > b.length) {
            return null;
        }
        int body = 0;
        for (int k = 0; k < segments; k++) {
            body += Bin.u8(b, i + 27 + k);
        }
        int length = 27 + segments + body;
        if (i + length > b.length) {
            return null;
        }
        return new OggPage(i, Bin.u8(b, i + 5), (long) Bin.u64le(b, i + 6), Bin.u32le(b, i + 14), i + 27 + segments,
                length);
    }

    /** True when the CRC stored in the page matches its bytes. */
    boolean crcMatches(byte[] b) {
        int crc = 0;
        for (int k = 0; k < length; k++) {
            int v = k >= 22 && k < 26 ? 0 : b[offset + k] & 0xFF; // the CRC field counts as zeros
            crc = crc << 8 ^ CRC_TABLE[(crc >>> 24 ^ v) & 0xFF];
        }
        return crc == (int) Bin.u32le(b, offset + 22);
    }

    /** Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial value 0. */
    private static int[] crcTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x8000_0000) != 0 ? r << 1 ^ 0x04C1_1DB7 : r << 1;
            }
            table[i] = r;
        }
        return table;
    }
}
