package ai.synapses.transcribe.audioformat;

import java.io.IOException;

/**
 * FLAC: STREAMINFO, the first metadata block, holds rate, channels and the total sample count. A stream
 * written to a pipe has no total (0); then the last frame header in the file's tail says where the audio
 * ends, which is exact in practice but not provably so, hence flagged as estimated.
 */
final class FlacParser implements FormatParser {

    private static final int STREAMINFO_END = 4 + 4 + 34;
    private static final int TAIL = 16 * 1024;

    @Override
    public AudioMetadata parse(SourceBytes src, long start) throws AudioFormatException, IOException {
        byte[] h = src.read(start, STREAMINFO_END);
        if (h.length < STREAMINFO_END || (Bin.u8(h, 4) & 0x7F) != 0 || Bin.u24be(h, 5) < 34) {
            throw AudioFormatException.unreadable("The FLAC file has no STREAMINFO block: it is corrupt or truncated.");
        }
        StreamInfo info = StreamInfo.parse(h, 8);
        if (info.sampleRate() == 0) {
            throw AudioFormatException.unreadable("The FLAC STREAMINFO block gives no sample rate.");
        }
        long size = src.size();
        if (info.totalSamples() > 0) {
            double seconds = (double) info.totalSamples() / info.sampleRate();
            return metadata(info, seconds, size, false);
        }
        long lastSample = size > 0 ? endOfLastFrame(src, size, info) : -1;
        if (lastSample <= 0) {
            throw AudioFormatException.unreadable(
                    "The FLAC file does not say how many samples it holds and no frame was found at its end.");
        }
        return metadata(info, (double) lastSample / info.sampleRate(), size, true);
    }

    private static AudioMetadata metadata(StreamInfo info, double seconds, long size, boolean estimated) {
        int kbps = AudioMetadata.averageKbps(size, seconds);
        return new AudioMetadata(AudioMetadata.FLAC, "flac", seconds, info.sampleRate(), info.channels(), size,
                estimated, kbps);
    }

    /** Sample number just past the last frame whose header (CRC-checked) lies in the file's tail, or -1. */
    private static long endOfLastFrame(SourceBytes src, long size, StreamInfo info) throws IOException {
        long tailStart = Math.max(0, size - TAIL);
        byte[] tail = src.read(tailStart, (int) (size - tailStart));
        for (int i = tail.length - 2; i >= 0; i--) {
            FlacFrameHeader f = FlacFrameHeader.parse(tail, i, info.maxBlockSize());
            if (f != null && f.blockSize() <= info.maxBlockSize()) {
                return f.firstSample() + f.blockSize();
            }
        }
        return -1;
    }

    /** The STREAMINFO fields we need, from the 34 bytes at {@code i}. */
    record StreamInfo(int maxBlockSize, int sampleRate, int channels, int bitsPerSample, long totalSamples) {

        static StreamInfo parse(byte[] b, int i) {
            int maxBlock = Bin.u16be(b, i + 2);
            // From byte 10: 20 bits rate, 3 bits channels-1, 5 bits bits-per-sample-1, 36 bits total samples.
            long packed = Bin.u64be(b, i + 10);
            int rate = (int) (packed >>> 44);
            int channels = (int) (packed >>> 41 & 7) + 1;
            int bits = (int) (packed >>> 36 & 31) + 1;
            long total = packed & 0xF_FFFF_FFFFL;
            return new StreamInfo(maxBlock, rate, channels, bits, total);
        }
    }
}
