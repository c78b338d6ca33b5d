package ai.synapses.transcribe.audioformat;

/**
 * One MPEG audio frame header (MPEG 1, 2 and 2.5; layers I, II and III).
 *
 * @param version         1, 2, or 25 for MPEG 2.5
 * @param layer           1, 2 or 3
 * @param frameLength     bytes from this header to the next one
 * @param samplesPerFrame PCM samples per channel that the frame decodes to
 */
record Mp3FrameHeader(int version, int layer, int bitrateKbps, int sampleRate, int channels,
                      boolean crcProtected, int frameLength, int samplesPerFrame) {

    private static final int[][] BITRATES = {
            // MPEG 1: layer I, II, III
            {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
            {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
            {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
            // MPEG 2 and 2.5: layer I, then II and III
            {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
            {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
    };
    private static final int[] MPEG1_RATES = {44100, 48000, 32000};

    /** The header in the four bytes at {@code i}, or null if they are not a valid one (free format included). */
    static Mp3FrameHeader parse(byte[] b, int i) {
        if (i < 0 || i + 4 > b.length) {
            return null;
        }
        return parse((int) Bin.u32be(b, i));
    }

    static Mp3FrameHeader parse(int h) {
        if ((h >>> 21) != 0x7FF) {
            return null;
        }
        int versionBits = h >>> 19 & 3;
        int layerBits = h >>> 17 & 3;
        int bitrateIndex = h >>> 12 & 15;
        int rateIndex = h >>> 10 & 3;
        if (versionBits == 1 || layerBits == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
            return null; // reserved values; bitrate 0 is "free format", which has no length in its header
        }
        int version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25;
        int layer = 4 - layerBits;
        int bitrate = BITRATES[version == 1 ? layer - 1 : layer == 1 ? 3 : 4][bitrateIndex];
        int sampleRate = MPEG1_RATES[rateIndex] / (version == 1 ? 1 : version == 2 ? 2 : 4);
        int padding = h >>> 9 & 1;
        int channels = (h >>> 6 & 3) == 3 ? 1 : 2;
        boolean crc = (h >>> 16 & 1) == 0;
        int samples;
        int length;
        if (layer == 1) {
            samples = 384;
            length = (12 * bitrate * 1000 / sampleRate + padding) * 4;
        } else {
            samples = layer == 3 && version != 1 ? 576 : 1152;
            length = samples / 8 * bitrate * 1000 / sampleRate + padding;
        }
        return new Mp3FrameHeader(version, layer, bitrate, sampleRate, channels, crc, length, samples);
    }

    /** Same stream: a frame of another version, layer or rate is a false sync, not the next frame. */
    boolean sameStreamAs(Mp3FrameHeader other) {
        return other != null && version == other.version && layer == other.layer
                && sampleRate == other.sampleRate && channels == other.channels;
    }

    String codec() {
        return layer == 3 ? "mp3" : layer == 2 ? "mp2" : "mp1";
    }
}
