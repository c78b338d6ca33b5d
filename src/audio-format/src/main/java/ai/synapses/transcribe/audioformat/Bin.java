package ai.synapses.transcribe.audioformat;

import java.nio.charset.StandardCharsets;

/** Endian-aware integer and ASCII reads from byte arrays; every container here mixes both orders. */
final class Bin {

    private Bin() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static int u16le(byte[] b, int i) {
        return u8(b, i) | u8(b, i + 1) << 8;
    }

    static long u32le(byte[] b, int i) {
        return (u16le(b, i) | (long) u16le(b, i + 2) << 16) & 0xFFFF_FFFFL;
    }

    static long u64le(byte[] b, int i) {
        return u32le(b, i) | u32le(b, i + 4) << 32;
    }

    static int u16be(byte[] b, int i) {
        return u8(b, i) << 8 | u8(b, i + 1);
    }

    static int u24be(byte[] b, int i) {
        return u8(b, i) << 16 | u16be(b, i + 1);
    }

    static long u32be(byte[] b, int i) {
        return ((long) u16be(b, i) << 16 | u16be(b, i + 2)) & 0xFFFF_FFFFL;
    }

    static long u64be(byte[] b, int i) {
        return u32be(b, i) << 32 | u32be(b, i + 4);
    }

    /** The four (or more) bytes at {@code i} as ISO-8859-1, so that any byte maps to one char. */
    static String ascii(byte[] b, int i, int n) {
        if (i < 0 || i + n > b.length) {
            return "";
        }
        return new String(b, i, n, StandardCharsets.ISO_8859_1);
    }

    static boolean startsWith(byte[] b, int i, String ascii) {
        if (i < 0 || i + ascii.length() > b.length) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (b[i + k] != (byte) ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] b, String ascii, int from) {
        for (int i = Math.max(0, from); i + ascii.length() <= b.length; i++) {
            if (startsWith(b, i, ascii)) {
                return i;
            }
        }
        return -1;
    }

    /** Last index at or before {@code from} where {@code ascii} starts, or -1. */
    static int lastIndexOf(byte[] b, String ascii, int from) {
        for (int i = Math.min(from, b.length - ascii.length()); i >= 0; i--) {
            if (startsWith(b, i, ascii)) {
                return i;
            }
        }
        return -1;
    }
}
