package ai.synapses.transcribe.decoding;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * RIFF/WAVE, RF64 and BW64 read front to back: PCM unsigned 8-bit and signed 16/24/32-bit, IEEE float 32/64-bit
 * (also as WAVE_FORMAT_EXTENSIBLE), A-law and mu-law (the codecs the probe accepts). A data chunk whose size
 * was never filled in (0 or 0xFFFFFFFF, written to a pipe) or is larger than the file runs to the end of the file.
 */
final class WavStreamDecoder implements JavaDecoder.StreamDecoder {

    private static final int PCM = 0x0001;
    private static final int IEEE_FLOAT = 0x0003;
    private static final int ALAW = 0x0006;
    private static final int MULAW = 0x0007;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final long UNKNOWN_32 = 0xFFFF_FFFFL;
    private static final int MAX_CHUNKS = 1024;
    private static final int BLOCK_BYTES = 64 * 1024;

    @Override
    public void decode(InputStream in, PcmSink sink) throws IOException, AudioProcessingException {
        byte[] riff = readExactly(in, 12, "the WAV header");
        String magic = new String(riff, 0, 4, StandardCharsets.ISO_8859_1);
        if (!(magic.equals("RIFF") || magic.equals("RF64") || magic.equals("BW64"))
                || !new String(riff, 8, 4, StandardCharsets.ISO_8859_1).equals("WAVE")) {
            throw AudioProcessingException.unreadable("The file is not a RIFF/WAVE file.", null);
        }
        boolean rf64 = !magic.equals("RIFF");
        long ds64Data = -1;
        int tag = -1;
        int channels = 0;
        int rate = 0;
        int blockAlign = 0;
        for (int i = 0; i < MAX_CHUNKS; i++) {
            byte[] h = in.readNBytes(8);
            if (h.length < 8) {
                break;
            }
            String id = new String(h, 0, 4, StandardCharsets.ISO_8859_1);
            long size = u32(h, 4);
            switch (id) {
                case "ds64" -> {
                    byte[] body = readExactly(in, (int) Math.min(size, 1 << 16), "the ds64 chunk");
                    if (body.length >= 16) {
                        ds64Data = u32(body, 8) | u32(body, 12) << 32;
                    }
                    skip(in, size - body.length + (size & 1));
                }
                case "fmt " -> {
                    if (size < 16 || size > 1 << 16) {
                        throw AudioProcessingException.unreadable("The WAV fmt chunk is corrupt.", null);
                    }
                    byte[] f = readExactly(in, (int) size, "the WAV fmt chunk");
                    skip(in, size & 1);
                    tag = u16(f, 0);
                    channels = u16(f, 2);
                    long r = u32(f, 4);
                    blockAlign = u16(f, 12);
                    int bits = u16(f, 14);
                    if (tag == EXTENSIBLE && f.length >= 26) {
                        tag = u16(f, 24);
                    }
                    if (channels == 0 || r == 0 || r > 1_000_000) {
                        throw AudioProcessingException.unreadable("The WAV fmt chunk gives no channels or an invalid sample rate.", null);
                    }
                    rate = (int) r;
                    if (blockAlign == 0) {
                        blockAlign = channels * ((bits + 7) / 8);
                    }
                }
                case "data" -> {
                    if (tag < 0) {
                        throw AudioProcessingException.unreadable("The WAV data chunk comes before its fmt chunk.", null);
                    }
                    long length = rf64 && size == UNKNOWN_32 && ds64Data >= 0 ? ds64Data : size;
                    if (length == 0 || length == UNKNOWN_32) {
                        length = Long.MAX_VALUE; // streamed: to the end of the file
                    }
                    readData(in, length, tag, channels, rate, blockAlign, sink);
                    return;
                }
                default -> skip(in, size + (size & 1));
            }
        }
        throw AudioProcessingException.unreadable(tag < 0
                ? "The WAV file has no fmt chunk: it is corrupt or truncated."
                : "The WAV file has no data chunk: it is corrupt or truncated.", null);
    }

    private static void readData(InputStream in, long length, int tag, int channels, int rate, int blockAlign,
                                 PcmSink sink) throws IOException, AudioProcessingException {
        int width = blockAlign / channels;
        Sample kind = switch (tag) {
            case PCM -> switch (width) {
                case 1 -> Sample.U8;
                case 2 -> Sample.S16;
                case 3 -> Sample.S24;
                case 4 -> Sample.S32;
                default -> null;
            };
            case IEEE_FLOAT -> width == 4 ? Sample.F32 : width == 8 ? Sample.F64 : null;
            case ALAW -> width == 1 ? Sample.ALAW : null;
            case MULAW -> width == 1 ? Sample.MULAW : null;
            default -> null;
        };
        if (kind == null || width * channels != blockAlign) {
            throw new AudioProcessingException(AudioProcessingException.UNSUPPORTED_FORMAT,
                    "WAV with format 0x" + Integer.toHexString(tag) + " and " + (width * 8)
                            + "-bit samples is not supported; send PCM WAV, FLAC, MP3, Ogg Vorbis or Opus.", false, null);
        }
        sink.rate(rate);
        int frames = Math.max(1, BLOCK_BYTES / blockAlign);
        byte[] block = new byte[frames * blockAlign];
        long remaining = length;
        int carry = 0;
        boolean any = false;
        while (remaining > 0) {
            int want = (int) Math.min(block.length - carry, remaining);
            int n = in.readNBytes(block, carry, want);
            remaining -= n;
            int have = carry + n;
            int whole = have / blockAlign;
            if (whole > 0) {
                float[] mono = sink.scratch(whole);
                convert(block, whole, channels, width, kind, mono);
                sink.write(mono, whole);
                any = true;
            }
            carry = have - whole * blockAlign;
            if (carry > 0) {
                System.arraycopy(block, whole * blockAlign, block, 0, carry);
            }
            if (n < want) {
                break; // end of file: a truncated file decodes what it holds
            }
        }
        if (!any) {
            throw AudioProcessingException.unreadable("The WAV file holds no audio samples.", null);
        }
    }

    private enum Sample { U8, S16, S24, S32, F32, F64, ALAW, MULAW }

    private static void convert(byte[] b, int frames, int channels, int width, Sample kind, float[] out) {
        float scale = 1f / channels;
        int p = 0;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++, p += width) {
                sum += switch (kind) {
                    case U8 -> ((b[p] & 0xFF) - 128) / 128.0;
                    case S16 -> (short) ((b[p] & 0xFF) | b[p + 1] << 8) / 32768.0;
                    case S24 -> ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | b[p + 2] << 16) / 8388608.0;
                    case S32 -> ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | b[p + 3] << 24) / 2147483648.0;
                    case F32 -> Float.intBitsToFloat((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | b[p + 3] << 24);
                    case F64 -> Double.longBitsToDouble(le64(b, p));
                    case ALAW -> alaw(b[p] & 0xFF) / 32768.0;
                    case MULAW -> mulaw(b[p] & 0xFF) / 32768.0;
                };
            }
            out[f] = channels == 1 ? (float) sum : (float) (sum * scale);
        }
    }

    /** G.711 A-law to 16-bit linear. */
    static int alaw(int a) {
        a ^= 0x55;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    /** G.711 mu-law to 16-bit linear. */
    static int mulaw(int u) {
        u = ~u & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    private static long le64(byte[] b, int p) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[p + i] & 0xFF);
        }
        return v;
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int p) {
        return ((b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24);
    }

    private static byte[] readExactly(InputStream in, int n, String what) throws IOException, AudioProcessingException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw AudioProcessingException.unreadable("The file ends inside " + what + ": it is truncated.", new EOFException());
        }
        return b;
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    return;
                }
                s = 1;
            }
            n -= s;
        }
    }
}
