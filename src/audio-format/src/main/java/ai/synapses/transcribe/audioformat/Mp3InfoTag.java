package ai.synapses.transcribe.audioformat;

/**
 * The Xing/Info or VBRI header an encoder writes into the first frame of an MP3 (a frame with no audio):
 * the exact frame count, and from the LAME tag after a Xing header the samples the encoder added in front
 * (delay) and behind (padding), which decoders drop.
 *
 * @param frames  audio frames after the tag frame, 0 when the tag does not say
 * @param bytes   audio bytes, 0 when the tag does not say
 */
record Mp3InfoTag(String kind, long frames, long bytes, int encoderDelay, int encoderPadding) {

    private static final int VBRI_OFFSET = 4 + 32;

    /** The tag in {@code frame} (the bytes of the first frame, header included), or null if there is none. */
    static Mp3InfoTag find(byte[] frame, Mp3FrameHeader h) {
        if (h.layer() != 3) {
            return null;
        }
        int sideInfo = h.version() == 1 ? (h.channels() == 1 ? 17 : 32) : (h.channels() == 1 ? 9 : 17);
        for (int at : new int[] {4 + sideInfo, 4 + 2 + sideInfo}) { // some encoders put a CRC before the side info
            if (Bin.startsWith(frame, at, "Xing") || Bin.startsWith(frame, at, "Info")) {
                return xing(frame, at);
            }
        }
        if (Bin.startsWith(frame, VBRI_OFFSET, "VBRI") && frame.length >= VBRI_OFFSET + 18) {
            return new Mp3InfoTag("VBRI", Bin.u32be(frame, VBRI_OFFSET + 14), Bin.u32be(frame, VBRI_OFFSET + 10), 0, 0);
        }
        return null;
    }

    private static Mp3InfoTag xing(byte[] f, int at) {
        String kind = Bin.ascii(f, at, 4);
        if (f.length < at + 8) {
            return new Mp3InfoTag(kind, 0, 0, 0, 0);
        }
        long flags = Bin.u32be(f, at + 4);
        int p = at + 8;
        long frames = 0;
        long bytes = 0;
        if ((flags & 1) != 0 && f.length >= p + 4) {
            frames = Bin.u32be(f, p);
            p += 4;
        }
        if ((flags & 2) != 0 && f.length >= p + 4) {
            bytes = Bin.u32be(f, p);
            p += 4;
        }
        if ((flags & 4) != 0) {
            p += 100; // seek table
        }
        if ((flags & 8) != 0) {
            p += 4; // quality
        }
        int delay = 0;
        int padding = 0;
        // LAME tag; ffmpeg writes the same layout under its own name.
        if (f.length >= p + 24 && (Bin.startsWith(f, p, "LAME") || Bin.startsWith(f, p, "Lavf")
                || Bin.startsWith(f, p, "Lavc"))) {
            int d = Bin.u24be(f, p + 21);
            delay = d >>> 12;
            padding = d & 0xFFF;
        }
        return new Mp3InfoTag(kind, frames, bytes, delay, padding);
    }
}
