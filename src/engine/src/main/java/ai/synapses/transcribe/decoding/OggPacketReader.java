package ai.synapses.transcribe.decoding;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an Ogg bitstream page by page from a stream (RFC 3533), checks each page's CRC (a corrupt page is
 * skipped and the reader re-synchronises on the next capture pattern), and reassembles the packets of the
 * one logical stream it is told to follow. Holds one page and one packet in memory; a packet larger than
 * {@link #MAX_PACKET} is refused.
 */
final class OggPacketReader {

    static final int FLAG_CONTINUED = 0x01;
    static final int FLAG_BOS = 0x02;
    static final int FLAG_EOS = 0x04;
    /** Far above any real Vorbis or Opus packet (Opus: at most 61 KB for 120 ms). */
    static final int MAX_PACKET = 8 << 20;
    /** Bytes of garbage tolerated while looking for the next page. */
    private static final int MAX_RESYNC = 1 << 20;
    private static final int[] CRC_TABLE = crcTable();

    /** One page: header fields, lacing values and body. */
    static final class Page {
        int flags;
        long granule;
        int serial;
        int segments;
        final int[] lacing = new int[255];
        byte[] body = new byte[255 * 255];
        int bodyLength;

        boolean bos() {
            return (flags & FLAG_BOS) != 0;
        }

        boolean eos() {
            return (flags & FLAG_EOS) != 0;
        }

        boolean continued() {
            return (flags & FLAG_CONTINUED) != 0;
        }
    }

    /** Receives the packets completed on a page, with that page's granule position and EOS flag. */
    interface PacketHandler {
        void packet(byte[] data, int length, Page page) throws IOException;
    }

    private final InputStream in;
    private final Page page = new Page();
    private final byte[] header = new byte[27];
    private byte[] packet = new byte[64 * 1024];
    private int packetLength;
    private boolean packetOpen;
    private int corruptPages;

    OggPacketReader(InputStream in) {
        this.in = in;
    }

    /** Pages skipped for a bad CRC or a bad header so far. */
    int corruptPages() {
        return corruptPages;
    }

    /** The next valid page, or null at the end of the file. */
    Page nextPage() throws IOException {
        int skipped = 0;
        while (true) {
            if (!readFully(header, 0, 4)) {
                return null;
            }
            while (!(header[0] == 'O' && header[1] == 'g' && header[2] == 'g' && header[3] == 'S')) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                if (++skipped > MAX_RESYNC) {
                    throw new JavaDecoder.CorruptData("no Ogg page found in " + MAX_RESYNC + " bytes");
                }
                System.arraycopy(header, 1, header, 0, 3);
                header[3] = (byte) b;
            }
            if (!readFully(header, 4, 23)) {
                return null;
            }
            if (header[4] != 0) { // stream structure version
                corruptPages++;
                continue;
            }
            int segments = header[26] & 0xFF;
            byte[] lacingBytes = new byte[segments];
            if (!readFully(lacingBytes, 0, segments)) {
                return null;
            }
            int length = 0;
            for (int i = 0; i < segments; i++) {
                page.lacing[i] = lacingBytes[i] & 0xFF;
                length += page.lacing[i];
            }
            if (!readFully(page.body, 0, length)) {
                return null; // a truncated last page: what was complete before is the audio
            }
            int stored = (header[22] & 0xFF) | (header[23] & 0xFF) << 8 | (header[24] & 0xFF) << 16 | (header[25] & 0xFF) << 24;
            header[22] = header[23] = header[24] = header[25] = 0;
            int crc = crc(0, header, 0, 27);
            crc = crc(crc, lacingBytes, 0, segments);
            crc = crc(crc, page.body, 0, length);
            if (crc != stored) {
                corruptPages++;
                continue; // the page is dropped; any packet spanning it is dropped by the continuation check
            }
            page.flags = header[5] & 0xFF;
            page.granule = le64(header, 6);
            page.serial = (header[14] & 0xFF) | (header[15] & 0xFF) << 8 | (header[16] & 0xFF) << 16 | (header[17] & 0xFF) << 24;
            page.segments = segments;
            page.bodyLength = length;
            return page;
        }
    }

    /** Starts a new logical stream: forgets any half-assembled packet. */
    void resetPackets() {
        packetLength = 0;
        packetOpen = false;
    }

    /** Hands the packets completed on {@code p} (of the followed stream) to {@code handler}. */
    void packets(Page p, PacketHandler handler) throws IOException {
        int at = 0;
        int first = 0;
        if (p.continued() && !packetOpen) {
            // The start of this packet was lost (or we joined mid-stream): skip its tail.
            while (first < p.segments && p.lacing[first] == 255) {
                at += 255;
                first++;
            }
            if (first < p.segments) {
                at += p.lacing[first];
                first++;
            }
        } else if (!p.continued() && packetOpen) {
            packetLength = 0; // the continuation was lost: drop the partial packet
            packetOpen = false;
        }
        for (int i = first; i < p.segments; i++) {
            int n = p.lacing[i];
            append(p.body, at, n);
            at += n;
            if (n < 255) {
                handler.packet(packet, packetLength, p);
                packetLength = 0;
                packetOpen = false;
            } else {
                packetOpen = true;
            }
        }
    }

    private void append(byte[] src, int offset, int n) throws IOException {
        if (packetLength + n > packet.length) {
            if (packetLength + n > MAX_PACKET) {
                throw new JavaDecoder.CorruptData("an Ogg packet is larger than " + MAX_PACKET + " bytes");
            }
            packet = Arrays.copyOf(packet, Math.max(packetLength + n, packet.length * 2));
        }
        System.arraycopy(src, offset, packet, packetLength, n);
        packetLength += n;
    }

    private boolean readFully(byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                return false;
            }
            done += n;
        }
        return true;
    }

    private static long le64(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    private static int crc(int crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ (b[i] & 0xFF)) & 0xFF];
        }
        return crc;
    }

    private static int[] crcTable() {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }
            t[i] = r;
        }
        return t;
    }
}
