package ai.synapses.transcribe.decoding;

import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * MPEG audio layers I-III (MPEG-1, 2 and 2.5) with JLayer, the decoder inside mp3spi, driven frame by frame.
 * Gapless like ffmpeg: the Xing/Info (or VBRI) frame is skipped rather than decoded as silence, and with a
 * LAME tag the encoder delay plus the decoder's 529 samples are dropped at the start and the padding at the
 * end. Without a tag every frame is output, as ffmpeg does. A stream that breaks off after some audio ends
 * there (as a truncated download would); a stream with no decodable frame is unreadable.
 */
final class Mp3StreamDecoder implements JavaDecoder.StreamDecoder {

    /** Latency of the standard polyphase synthesis filterbank, in samples. */
    static final int DECODER_DELAY = 529;
    private static final int HEAD = 256 * 1024;
    private static final int MAX_BAD_FRAMES = 64;

    @Override
    public void decode(InputStream raw, PcmSink sink) throws IOException, AudioProcessingException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, 64 * 1024);
        skipId3v2(in);
        Gapless gapless = readInfoFrame(in);
        Bitstream bits = new Bitstream(in);
        Decoder decoder = new Decoder();
        long skip = gapless == null || gapless.delay < 0 ? 0 : gapless.delay + DECODER_DELAY;
        long remaining = gapless == null || gapless.total < 0 ? Long.MAX_VALUE : gapless.total;
        long produced = 0;
        int bad = 0;
        int rate = 0;
        try {
            while (remaining > 0) {
                Header h;
                try {
                    h = bits.readFrame();
                } catch (BitstreamException e) {
                    if (produced > 0) {
                        break; // broken off: what was decoded is the audio
                    }
                    throw AudioProcessingException.unreadable("The MP3 stream is corrupt: " + e.getMessage(), e);
                }
                if (h == null) {
                    break;
                }
                SampleBuffer out;
                try {
                    out = (SampleBuffer) decoder.decodeFrame(h, bits);
                } catch (DecoderException | RuntimeException e) {
                    bits.closeFrame();
                    if (++bad > MAX_BAD_FRAMES) {
                        throw AudioProcessingException.unreadable("The MP3 stream has too many corrupt frames.", e);
                    }
                    continue;
                }
                bits.closeFrame();
                int channels = out.getChannelCount();
                int frames = out.getBufferLength() / channels;
                if (h.frequency() != rate) {
                    rate = h.frequency();
                    sink.rate(rate);
                }
                int from = (int) Math.min(skip, frames);
                skip -= from;
                int n = (int) Math.min(frames - from, remaining);
                if (n > 0) {
                    short[] s = out.getBuffer();
                    float[] mono = sink.scratch(n);
                    if (channels == 1) {
                        for (int i = 0; i < n; i++) {
                            mono[i] = s[from + i] / 32768f;
                        }
                    } else {
                        for (int i = 0, p = (from) * channels; i < n; i++, p += channels) {
                            mono[i] = (s[p] + s[p + 1]) / 65536f;
                        }
                    }
                    sink.write(mono, n);
                    remaining -= n;
                }
                produced += frames;
            }
        } finally {
            try {
                bits.close();
            } catch (BitstreamException ignored) {
                // closing a file stream
            }
        }
        if (produced == 0) {
            throw AudioProcessingException.unreadable("The MP3 file holds no decodable audio frames.", null);
        }
    }

    /**
     * Where the MPEG frames of {@code file} end: before a trailing ID3v1 tag ("TAG", 128 bytes) and an APEv2
     * tag. JLayer drops the last frame when anything but a frame header or the end of the file follows it.
     */
    static long audioEnd(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = channel.size();
            for (int round = 0; round < 3; round++) {
                if (end >= 128 && startsWith(read(channel, end - 128, 3), 0, "TAG")) {
                    end -= 128;
                    continue;
                }
                if (end >= 32) {
                    byte[] footer = read(channel, end - 32, 32);
                    if (startsWith(footer, 0, "APETAGEX")) {
                        long size = (footer[12] & 0xFFL) | (footer[13] & 0xFFL) << 8 | (footer[14] & 0xFFL) << 16 | (footer[15] & 0xFFL) << 24;
                        boolean header = (footer[23] & 0x80) != 0;
                        long tag = size + (header ? 32 : 0);
                        if (tag >= 32 && tag <= end) {
                            end -= tag;
                            continue;
                        }
                    }
                }
                break;
            }
            return end;
        }
    }

    private static byte[] read(FileChannel channel, long at, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining() && channel.read(buffer, at + buffer.position()) >= 0) {
            // positional reads until full or end of file
        }
        return buffer.array();
    }

    /** Encoder delay and total output samples from a LAME tag; -1 when unknown. */
    private record Gapless(int delay, long total) {
    }

    private static void skipId3v2(BufferedInputStream in) throws IOException {
        while (true) {
            in.mark(10);
            byte[] h = in.readNBytes(10);
            if (h.length < 10 || h[0] != 'I' || h[1] != 'D' || h[2] != '3') {
                in.reset();
                return;
            }
            long size = (h[6] & 0x7F) << 21 | (h[7] & 0x7F) << 14 | (h[8] & 0x7F) << 7 | (h[9] & 0x7F);
            if ((h[5] & 0x10) != 0) {
                size += 10; // footer
            }
            in.skipNBytes(Math.min(size, Long.MAX_VALUE));
        }
    }

    /**
     * Finds the first frame; when it is a Xing/Info/VBRI frame, consumes it and returns what its LAME tag
     * says (null fields when absent). Otherwise leaves the stream where it was and returns null.
     */
    private static Gapless readInfoFrame(BufferedInputStream in) throws IOException {
        in.mark(HEAD);
        byte[] head = in.readNBytes(HEAD);
        in.reset();
        int at = firstFrame(head);
        if (at < 0) {
            return null;
        }
        int b1 = head[at + 1] & 0xFF;
        int b2 = head[at + 2] & 0xFF;
        int b3 = head[at + 3] & 0xFF;
        int versionBits = (b1 >> 3) & 3; // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
        int layer = 4 - ((b1 >> 1) & 3);
        boolean mono = (b3 >> 6) == 3;
        int length = frameLength(b1, b2);
        if (layer != 3 || length <= 0 || at + length > head.length) {
            return null;
        }
        boolean mpeg1 = versionBits == 3;
        int sideInfo = mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        int tag = -1;
        for (int p : new int[] {at + 4 + sideInfo, at + 6 + sideInfo}) {
            if (startsWith(head, p, "Xing") || startsWith(head, p, "Info")) {
                tag = p;
                break;
            }
        }
        boolean vbri = startsWith(head, at + 36, "VBRI");
        if (tag < 0 && !vbri) {
            return null;
        }
        int spf = mpeg1 ? 1152 : 576;
        int delay = -1;
        long total = -1;
        if (tag >= 0) {
            long flags = be32(head, tag + 4);
            int p = tag + 8;
            long frames = -1;
            if ((flags & 1) != 0) {
                frames = be32(head, p);
                p += 4;
            }
            if ((flags & 2) != 0) {
                p += 4;
            }
            if ((flags & 4) != 0) {
                p += 100;
            }
            if ((flags & 8) != 0) {
                p += 4;
            }
            if (p + 24 <= at + length && (startsWith(head, p, "LAME") || startsWith(head, p, "Lavf") || startsWith(head, p, "Lavc"))) {
                int d = (head[p + 21] & 0xFF) << 16 | (head[p + 22] & 0xFF) << 8 | (head[p + 23] & 0xFF);
                delay = d >>> 12;
                int padding = d & 0xFFF;
                if (frames > 0) {
                    total = Math.max(0, frames * spf - delay - padding);
                }
            }
        }
        in.skipNBytes(at + length); // the tag frame holds no audio
        return new Gapless(delay, total);
    }

    /** Offset of the first frame header followed by another valid one (or the end), -1 if none. */
    private static int firstFrame(byte[] b) {
        for (int i = 0; i + 4 <= b.length; i++) {
            if ((b[i] & 0xFF) != 0xFF || (b[i + 1] & 0xE0) != 0xE0) {
                continue;
            }
            int len = frameLength(b[i + 1] & 0xFF, b[i + 2] & 0xFF);
            if (len <= 0) {
                continue;
            }
            int next = i + len;
            if (next + 2 > b.length) {
                return i;
            }
            if ((b[next] & 0xFF) == 0xFF && (b[next + 1] & 0xE0) == 0xE0 && (b[next + 1] & 0xFE) == (b[i + 1] & 0xFE)) {
                return i;
            }
        }
        return -1;
    }

    private static final int[][] BITRATES = {
            {32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG1 layer I
            {32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},    // MPEG1 layer II
            {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},     // MPEG1 layer III
            {32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},    // MPEG2/2.5 layer I
            {8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},         // MPEG2/2.5 layers II, III
    };
    private static final int[] RATES = {44100, 48000, 32000};

    /** Frame length in bytes from header bytes 1 and 2, or -1 for an invalid or free-format header. */
    private static int frameLength(int b1, int b2) {
        int version = (b1 >> 3) & 3;
        int layerBits = (b1 >> 1) & 3;
        int bitrateIndex = b2 >> 4;
        int rateIndex = (b2 >> 2) & 3;
        if (version == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
            return -1;
        }
        int layer = 4 - layerBits;
        boolean mpeg1 = version == 3;
        int rate = RATES[rateIndex] >> (mpeg1 ? 0 : version == 2 ? 1 : 2);
        int kbps = BITRATES[mpeg1 ? layer - 1 : layer == 1 ? 3 : 4][bitrateIndex - 1];
        int padding = (b2 >> 1) & 1;
        if (layer == 1) {
            return (12 * kbps * 1000 / rate + padding) * 4;
        }
        int coefficient = layer == 3 && !mpeg1 ? 72 : 144;
        return coefficient * kbps * 1000 / rate + padding;
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        if (at < 0 || at + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long be32(byte[] b, int p) {
        if (p + 4 > b.length) {
            return 0;
        }
        return (b[p] & 0xFFL) << 24 | (b[p + 1] & 0xFFL) << 16 | (b[p + 2] & 0xFFL) << 8 | (b[p + 3] & 0xFFL);
    }
}
