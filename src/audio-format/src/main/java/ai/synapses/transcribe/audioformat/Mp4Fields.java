package ai.synapses.transcribe.audioformat;

/** Field layouts of the few MP4 boxes whose contents the probe reads (all big-endian, most versioned). */
final class Mp4Fields {

    private static final int ES_DESCRIPTOR = 0x03;
    private static final int DECODER_CONFIG = 0x04;
    private static final int DECODER_SPECIFIC_INFO = 0x05;

    private Mp4Fields() {
    }

    /** {timescale, duration} from the body of an mvhd or mdhd box (version 0: 32-bit times, 1: 64-bit). */
    static long[] timescaleAndDuration(byte[] b) {
        if (b.length >= 32 && b[0] == 1) {
            return new long[] {Bin.u32be(b, 20), Bin.u64be(b, 24)};
        }
        if (b.length >= 20) {
            return new long[] {Bin.u32be(b, 12), Bin.u32be(b, 16)};
        }
        return new long[] {0, 0};
    }

    /** Media time where the first non-empty edit starts (the priming samples skipped), from an elst body. */
    static long firstEditMediaTime(byte[] b) {
        if (b.length < 8) {
            return 0;
        }
        boolean v1 = b[0] == 1;
        int entrySize = v1 ? 20 : 12;
        long count = Bin.u32be(b, 4);
        for (int i = 0, p = 8; i < count && p + entrySize <= b.length; i++, p += entrySize) {
            long mediaTime = v1 ? Bin.u64be(b, p + 8) : (int) Bin.u32be(b, p + 4);
            if (mediaTime != -1) { // -1: an empty edit (a gap before the media starts)
                return mediaTime;
            }
        }
        return 0;
    }

    /** The first sample entry of an stsd body: its type, the audio fields, and the esds found inside it. */
    static void sampleEntry(byte[] b, Mp4Track.Builder t) {
        int e = 8; // version/flags, entry count
        if (b.length < e + 36) {
            return;
        }
        t.sampleEntry = Bin.ascii(b, e + 4, 4);
        int end = (int) Math.min(b.length, e + Bin.u32be(b, e));
        int soundVersion = Bin.u16be(b, e + 16); // QuickTime sound description versions 1 and 2 add fields
        int children;
        if (soundVersion == 2 && end >= e + 72) {
            t.entryRate = (int) Math.round(Double.longBitsToDouble(Bin.u64be(b, e + 40)));
            t.entryChannels = (int) Bin.u32be(b, e + 48);
            children = e + 72;
        } else {
            t.entryChannels = Bin.u16be(b, e + 24);
            t.entryRate = Bin.u16be(b, e + 32); // 16.16 fixed point; rates above 65535 do not fit
            children = e + 36 + (soundVersion == 1 ? 16 : 0);
        }
        int esds = findBox(b, children, end, "esds");
        if (esds < 0) {
            int wave = findBox(b, children, end, "wave"); // QuickTime nests esds in a 'wave' box
            if (wave >= 0) {
                esds = findBox(b, wave + 8, (int) Math.min(end, wave + Bin.u32be(b, wave)), "esds");
            }
        }
        if (esds >= 0) {
            try {
                esds(b, esds + 8 + 4, (int) Math.min(end, esds + Bin.u32be(b, esds)), t);
            } catch (IndexOutOfBoundsException malformed) {
                // keep what the sample entry itself says
            }
        }
    }

    /** Offset of the box of that type among the boxes laid out from {@code from} to {@code end}, or -1. */
    private static int findBox(byte[] b, int from, int end, String type) {
        long p = from;
        while (p + 8 <= Math.min(end, b.length)) {
            long size = Bin.u32be(b, (int) p);
            if (Bin.startsWith(b, (int) p + 4, type)) {
                return (int) p;
            }
            if (size < 8) {
                return -1;
            }
            p += size;
        }
        return -1;
    }

    /** The descriptors of an esds body: ES_Descriptor > DecoderConfigDescriptor > DecoderSpecificInfo. */
    private static void esds(byte[] b, int p, int end, Mp4Track.Builder t) {
        if (p + 2 > end || Bin.u8(b, p) != ES_DESCRIPTOR) {
            return;
        }
        int[] at = {p + 1};
        descriptorLength(b, at);
        int q = at[0] + 2; // ES_ID
        int flags = Bin.u8(b, q++);
        if ((flags & 0x80) != 0) {
            q += 2; // dependsOn_ES_ID
        }
        if ((flags & 0x40) != 0 && q < end) {
            q += 1 + Bin.u8(b, q); // URL
        }
        if ((flags & 0x20) != 0) {
            q += 2; // OCR_ES_ID
        }
        if (q + 15 > end || Bin.u8(b, q) != DECODER_CONFIG) {
            return;
        }
        at[0] = q + 1;
        descriptorLength(b, at);
        q = at[0];
        t.objectType = Bin.u8(b, q);
        t.avgBitrate = Bin.u32be(b, q + 9);
        q += 13;
        if (q + 2 <= end && Bin.u8(b, q) == DECODER_SPECIFIC_INFO) {
            at[0] = q + 1;
            int length = descriptorLength(b, at);
            t.config = AudioSpecificConfig.parse(b, at[0], Math.min(length, end - at[0]));
        }
    }

    /** Reads an expandable descriptor length (7 bits a byte) at {@code at[0]}, leaving it just after. */
    private static int descriptorLength(byte[] b, int[] at) {
        int length = 0;
        for (int k = 0; k < 4 && at[0] < b.length; k++) {
            int v = Bin.u8(b, at[0]++);
            length = length << 7 | (v & 0x7F);
            if ((v & 0x80) == 0) {
                break;
            }
        }
        return length;
    }
}
