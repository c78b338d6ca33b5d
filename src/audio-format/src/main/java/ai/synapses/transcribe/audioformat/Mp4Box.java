package ai.synapses.transcribe.audioformat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An ISO BMFF (MP4/M4A/QuickTime) box header. Boxes are walked by their headers alone, so that a box we do
 * not need (above all {@code mdat}, the audio itself) is skipped without being read.
 */
record Mp4Box(String type, long offset, int headerSize, long size) {

    private static final int MAX_CHILDREN = 1024;

    long bodyOffset() {
        return offset + headerSize;
    }

    long bodySize() {
        return size - headerSize;
    }

    long end() {
        return offset + size;
    }

    /** The box at {@code offset}, or null when the file (or the parent, at {@code limit}) ends there. */
    static Mp4Box read(SourceBytes src, long offset, long limit) throws AudioFormatException, IOException {
        if (offset + 8 > limit) {
            return null;
        }
        byte[] h = src.read(offset, 16);
        if (h.length < 8) {
            return null;
        }
        long size = Bin.u32be(h, 0);
        String type = Bin.ascii(h, 4, 4);
        int headerSize = 8;
        if (size == 1) {
            if (h.length < 16) {
                return null;
            }
            size = Bin.u64be(h, 8);
            headerSize = 16;
        } else if (size == 0) {
            // "to the end of the file": only the last top-level box may say so
            size = limit == Long.MAX_VALUE ? Long.MAX_VALUE - offset : limit - offset;
        }
        if (size < headerSize) {
            throw AudioFormatException.unreadable("The MP4 box '" + type + "' at byte " + offset
                    + " has an impossible size: the file is corrupt.");
        }
        return new Mp4Box(type, offset, headerSize, size);
    }

    /** The boxes inside this one, starting {@code skip} bytes into its body (for boxes with fields first). */
    List<Mp4Box> children(SourceBytes src, int skip) throws AudioFormatException, IOException {
        List<Mp4Box> children = new ArrayList<>();
        long pos = bodyOffset() + skip;
        for (int i = 0; i < MAX_CHILDREN; i++) {
            Mp4Box child = read(src, pos, end());
            if (child == null) {
                break;
            }
            if (child.end() > end()) {
                throw AudioFormatException.unreadable("The MP4 box '" + child.type() + "' overruns the box '" + type
                        + "' it is in: the file is corrupt or truncated.");
            }
            children.add(child);
            pos = child.end();
        }
        return children;
    }

    /** The first child of that type, or null. */
    Mp4Box child(SourceBytes src, String childType) throws AudioFormatException, IOException {
        for (Mp4Box c : children(src, 0)) {
            if (c.type().equals(childType)) {
                return c;
            }
        }
        return null;
    }

    /** This box's body, at most {@code max} bytes of it. */
    byte[] body(SourceBytes src, int max) throws IOException {
        return src.read(bodyOffset(), (int) Math.min(bodySize(), max));
    }
}
