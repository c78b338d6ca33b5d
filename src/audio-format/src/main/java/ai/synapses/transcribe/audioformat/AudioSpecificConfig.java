package ai.synapses.transcribe.audioformat;

/**
 * The MPEG-4 AudioSpecificConfig in an M4A's esds box: the AAC profile, and the rate and channels the decoder
 * outputs. HE-AAC (SBR) runs its core at half the output rate and HE-AAC v2 (PS) makes stereo from a mono
 * core, so the sample entry's own fields can be half the truth; this corrects them when the config signals
 * SBR/PS explicitly or with a backward-compatible sync extension. Implicit signalling is invisible here.
 *
 * @param channels 0 when the config leaves it to a program config element
 */
record AudioSpecificConfig(int objectType, int sampleRate, int channels, boolean sbr, boolean ps) {

    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
            8000, 7350};
    private static final int AAC_LC = 2;
    private static final int SBR = 5;
    private static final int PS = 29;
    private static final int SYNC_EXTENSION = 0x2B7;

    /** Parses {@code length} bytes at {@code offset}, or returns null if they are not a valid config. */
    static AudioSpecificConfig parse(byte[] b, int offset, int length) {
        try {
            Bits bits = new Bits(b, offset, Math.min(length, b.length - offset));
            int type = objectType(bits);
            int rate = rate(bits);
            int channelConfig = bits.read(4);
            boolean sbr = false;
            boolean ps = false;
            int outputRate = rate;
            if (type == SBR || type == PS) {
                sbr = true;
                ps = type == PS;
                outputRate = rate(bits);
                type = objectType(bits);
            } else if (type == AAC_LC && channelConfig != 0) {
                bits.skip(1); // frameLengthFlag
                if (bits.read(1) == 1) {
                    bits.skip(14); // coreCoderDelay
                }
                bits.skip(1); // extensionFlag
                if (bits.remaining() >= 16 && bits.read(11) == SYNC_EXTENSION && objectType(bits) == SBR) {
                    sbr = bits.read(1) == 1;
                    if (sbr) {
                        outputRate = rate(bits);
                        ps = bits.remaining() >= 12 && bits.read(11) == 0x548 && bits.read(1) == 1;
                    }
                }
            }
            if (rate <= 0 || outputRate <= 0) {
                return null;
            }
            int channels = channelConfig >= 1 && channelConfig <= 6 ? channelConfig : channelConfig == 7 ? 8 : 0;
            if (ps && channels == 1) {
                channels = 2;
            }
            return new AudioSpecificConfig(type, outputRate, channels, sbr, ps);
        } catch (IndexOutOfBoundsException truncated) {
            return null;
        }
    }

    private static int objectType(Bits bits) {
        int type = bits.read(5);
        return type == 31 ? 32 + bits.read(6) : type;
    }

    private static int rate(Bits bits) {
        int index = bits.read(4);
        return index == 15 ? bits.read(24) : index < RATES.length ? RATES[index] : -1;
    }

    /** Big-endian bit reader. */
    private static final class Bits {
        private final byte[] b;
        private final int end;
        private long pos;

        Bits(byte[] b, int offset, int length) {
            this.b = b;
            this.pos = offset * 8L;
            this.end = offset + length;
        }

        int read(int n) {
            int v = 0;
            for (int k = 0; k < n; k++, pos++) {
                int index = (int) (pos >>> 3);
                if (index >= end) {
                    throw new IndexOutOfBoundsException("past the config");
                }
                v = v << 1 | (b[index] >>> (7 - (int) (pos & 7)) & 1);
            }
            return v;
        }

        void skip(int n) {
            pos += n;
        }

        long remaining() {
            return end * 8L - pos;
        }
    }
}
