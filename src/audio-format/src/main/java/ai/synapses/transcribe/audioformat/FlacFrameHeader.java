package ai.synapses.transcribe.audioformat;

/**
 * A FLAC frame header: where in the stream the frame's samples start and how many it holds. Believed only
 * when its CRC-8 matches, since the sync code also occurs inside compressed audio.
 */
record FlacFrameHeader(long firstSample, int blockSize) {

    /** The header at {@code i}, or null if there is none there. */
    static FlacFrameHeader parse(byte[] b, int i, int fixedBlockSize) {
        if (i + 6 > b.length || Bin.u8(b, i) != 0xFF || (Bin.u8(b, i + 1) & 0xFE) != 0xF8) {
            return null;
        }
        boolean variable = (Bin.u8(b, i + 1) & 1) != 0;
        int blockCode = Bin.u8(b, i + 2) >>> 4;
        int rateCode = Bin.u8(b, i + 2) & 15;
        int channelCode = Bin.u8(b, i + 3) >>> 4;
        int sizeCode = Bin.u8(b, i + 3) >>> 1 & 7;
        if (blockCode == 0 || rateCode == 15 || channelCode > 10 || sizeCode == 3 || (Bin.u8(b, i + 3) & 1) != 0) {
            return null;
        }
        // The frame (fixed block size) or sample (variable) number, UTF-8-style coded.
        int p = i + 4;
        int lead = Bin.u8(b, p++);
        if ((lead >= 0x80 && lead < 0xC0) || lead == 0xFF) {
            return null;
        }
        int extra = lead < 0x80 ? 0 : Integer.numberOfLeadingZeros(~lead << 24) - 1; // count of leading 1 bits - 1
        if (p + extra > b.length) {
            return null;
        }
        long number = extra == 0 ? lead : lead & (0x7F >>> (extra + 1));
        for (int k = 0; k < extra; k++) {
            int c = Bin.u8(b, p++);
            if ((c & 0xC0) != 0x80) {
                return null;
            }
            number = number << 6 | (c & 0x3F);
        }
        int blockSize;
        if (blockCode == 1) {
            blockSize = 192;
        } else if (blockCode <= 5) {
            blockSize = 576 << (blockCode - 2);
        } else if (blockCode == 6) {
            if (p + 1 > b.length) {
                return null;
            }
            blockSize = Bin.u8(b, p++) + 1;
        } else if (blockCode == 7) {
            if (p + 2 > b.length) {
                return null;
            }
            blockSize = Bin.u16be(b, p) + 1;
            p += 2;
        } else {
            blockSize = 256 << (blockCode - 8);
        }
        p += rateCode == 12 ? 1 : rateCode == 13 || rateCode == 14 ? 2 : 0;
        if (p + 1 > b.length || crc8(b, i, p) != Bin.u8(b, p)) {
            return null;
        }
        long first = variable ? number : number * fixedBlockSize;
        return new FlacFrameHeader(first, blockSize);
    }

    /** CRC-8, polynomial x^8 + x^2 + x + 1, over {@code b[from..to)}. */
    static int crc8(byte[] b, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x80) != 0 ? (crc << 1 ^ 0x07) & 0xFF : crc << 1 & 0xFF;
            }
        }
        return crc;
    }
}
