package ai.synapses.transcribe.audioformat;

import java.io.IOException;

/** ID3v2 tags in front of MP3 (and sometimes FLAC) audio: only their length matters here. */
final class Id3v2 {

    private static final int HEADER = 10;
    private static final int MAX_TAGS = 8;

    private Id3v2() {
    }

    /** Offset of the first byte after the ID3v2 tag(s) starting at {@code offset}, or {@code offset} if none. */
    static long skip(SourceBytes src, long offset) throws IOException {
        long at = offset;
        // Some taggers stack several tags; each is skipped by its own header.
        for (int i = 0; i < MAX_TAGS; i++) {
            // Read as much as the parser after us will want, so that the audio's first bytes come in the same trip.
            long length = tagLength(src.read(at, SourceBytes.HEAD));
            if (length < 0) {
                return at;
            }
            at += length;
        }
        return at;
    }

    /** Whole length of the tag whose header is {@code h} (header, body, footer), or -1 if it is not one. */
    static long tagLength(byte[] h) {
        if (h.length < HEADER || !Bin.startsWith(h, 0, "ID3") || Bin.u8(h, 3) == 0xFF || Bin.u8(h, 4) == 0xFF) {
            return -1;
        }
        long body = 0;
        for (int i = 6; i < 10; i++) {
            int b = Bin.u8(h, i);
            if (b >= 0x80) {
                return -1; // sizes are "syncsafe": 7 bits per byte
            }
            body = body << 7 | b;
        }
        boolean footer = (Bin.u8(h, 5) & 0x10) != 0;
        return HEADER + body + (footer ? HEADER : 0);
    }
}
