package ai.synapses.transcribe.audioformat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Finding and walking MPEG audio frames: a frame is only believed when the frames after it agree. */
final class Mp3Frames {

    /** Walking a whole file: few large reads beat many small ones over HTTP. */
    static final int WALK_BLOCK = 256 * 1024;
    /** Longest possible frame (layer II, 384 kbit/s at 32 kHz, padded), with room to spare. */
    static final int MAX_FRAME = 2048;

    private Mp3Frames() {
    }

    /**
     * First offset at or after {@code from} where a frame starts that the next {@code confirmations} frames
     * follow (same version, layer, rate and channels), as far as {@code buf} reaches; -1 if none.
     *
     * @param like when not null, the frame must also belong to the same stream as this one
     */
    static int find(byte[] buf, int from, int confirmations, Mp3FrameHeader like) {
        for (int i = Math.max(0, from); i + 4 <= buf.length; i++) {
            if ((buf[i] & 0xFF) != 0xFF || (buf[i + 1] & 0xE0) != 0xE0) {
                continue;
            }
            Mp3FrameHeader h = Mp3FrameHeader.parse(buf, i);
            if (h != null && (like == null || h.sameStreamAs(like)) && confirmed(buf, i, h, confirmations)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean confirmed(byte[] buf, int at, Mp3FrameHeader first, int confirmations) {
        int next = at + first.frameLength();
        for (int k = 0; k < confirmations; k++) {
            if (next + 4 > buf.length) {
                // The buffer ends before the proof does: one confirmation is the least we accept.
                return k >= 1;
            }
            Mp3FrameHeader h = Mp3FrameHeader.parse(buf, next);
            if (!first.sameStreamAs(h)) {
                return false;
            }
            next += h.frameLength();
        }
        return true;
    }

    /** Headers of the consecutive frames from {@code at} whose headers lie before {@code end} in {@code buf}. */
    static List<Mp3FrameHeader> chain(byte[] buf, int at, int end) {
        List<Mp3FrameHeader> frames = new ArrayList<>();
        Mp3FrameHeader first = Mp3FrameHeader.parse(buf, at);
        int i = at;
        Mp3FrameHeader h = first;
        while (h != null && h.sameStreamAs(first) && i + h.frameLength() <= Math.min(end, buf.length)) {
            frames.add(h);
            i += h.frameLength();
            h = Mp3FrameHeader.parse(buf, i);
        }
        return frames;
    }

    /**
     * Counts the PCM samples (per channel) of every frame from {@code from} to {@code end}, reading the file in
     * {@link #WALK_BLOCK} blocks and re-synchronising over garbage between frames.
     */
    static long countSamples(SourceBytes src, long from, long end, Mp3FrameHeader first) throws IOException {
        long samples = 0;
        long pos = from;
        long blockStart = from;
        byte[] block = new byte[0];
        while (pos + 4 <= end) {
            if (pos + 4 > blockStart + block.length) {
                int length = (int) Math.min(WALK_BLOCK, end - pos);
                block = src.readBlock(pos, length);
                blockStart = pos;
                if (block.length < 4) {
                    break;
                }
            }
            int i = (int) (pos - blockStart);
            Mp3FrameHeader h = Mp3FrameHeader.parse(block, i);
            if (h != null && h.sameStreamAs(first)) {
                if (pos + h.frameLength() > end) {
                    break; // a frame cut off by the end of the file does not decode
                }
                samples += h.samplesPerFrame();
                pos += h.frameLength();
                continue;
            }
            int next = find(block, i + 1, 1, first);
            if (next >= 0) {
                pos = blockStart + next;
            } else if (blockStart + block.length >= end) {
                break;
            } else {
                // Re-read from near the end of this block so that a header across its edge is not missed.
                pos = Math.max(pos + 1, blockStart + block.length - MAX_FRAME);
                block = new byte[0];
            }
        }
        return samples;
    }
}
