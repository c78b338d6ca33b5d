package ai.synapses.transcribe.audioformat;

import java.io.IOException;

/** Tags appended after MP3 audio (ID3v1, Lyrics3v2, APEv2): bytes that must not be counted as frames. */
final class Mp3TrailingTags {

    static final int TAIL = 8 * 1024;
    private static final int ID3V1 = 128;
    private static final int APE_FOOTER = 32;

    private Mp3TrailingTags() {
    }

    /** Offset where the audio ends: the file size minus the tags found at its end. */
    static long audioEnd(SourceBytes src, long size) throws IOException {
        long tailStart = Math.max(0, size - TAIL);
        byte[] tail = src.read(tailStart, (int) (size - tailStart));
        long end = size;
        if (end - tailStart >= ID3V1 && Bin.startsWith(tail, (int) (end - ID3V1 - tailStart), "TAG")) {
            end -= ID3V1;
        }
        int lyricsEnd = (int) (end - tailStart);
        if (lyricsEnd >= 15 && Bin.startsWith(tail, lyricsEnd - 9, "LYRICS200")) {
            String digits = Bin.ascii(tail, lyricsEnd - 15, 6);
            if (digits.chars().allMatch(Character::isDigit)) {
                end -= Long.parseLong(digits) + 15;
            }
        }
        int apeEnd = (int) (end - tailStart);
        if (apeEnd >= APE_FOOTER && Bin.startsWith(tail, apeEnd - APE_FOOTER, "APETAGEX")) {
            int footer = apeEnd - APE_FOOTER;
            long tagSize = Bin.u32le(tail, footer + 12); // items + footer, header excluded
            boolean hasHeader = (Bin.u32le(tail, footer + 20) & 0x8000_0000L) != 0;
            end -= tagSize + (hasHeader ? APE_FOOTER : 0);
        }
        return Math.max(0, end);
    }
}
