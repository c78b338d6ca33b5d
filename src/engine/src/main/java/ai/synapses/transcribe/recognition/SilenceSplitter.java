package ai.synapses.transcribe.recognition;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans where long audio is cut into chunks that can be recognised independently and in parallel.
 * A cut goes in the middle of the quietest short window near each aimed-at boundary, so that it falls
 * between words rather than through one. Only the search windows are read (about 10 s per cut), never
 * the whole file.
 */
public final class SilenceSplitter {

    private final long chunkBytes;
    private final long searchBytes;
    private final int windowFrames;

    public SilenceSplitter(RecognitionTuning tuning) {
        this(tuning.chunkSeconds(), tuning.silenceSearchSeconds(), tuning.silenceWindowMillis());
    }

    public SilenceSplitter(double chunkSeconds, double silenceSearchSeconds, int silenceWindowMillis) {
        this.chunkBytes = Pcm.frameBytes(chunkSeconds);
        this.searchBytes = Pcm.frameBytes(silenceSearchSeconds);
        this.windowFrames = Math.max(1, silenceWindowMillis / 10);
    }

    /** The chunks of {@code pcm}, in order, covering every whole sample of it; none for an empty file. */
    public List<PcmChunk> plan(Path pcm) throws IOException {
        long size = Files.size(pcm) & ~1L; // a trailing odd byte is not a sample
        try (FileChannel channel = FileChannel.open(pcm, StandardOpenOption.READ)) {
            return plan(channel, size);
        }
    }

    List<PcmChunk> plan(FileChannel channel, long size) throws IOException {
        List<PcmChunk> chunks = new ArrayList<>();
        long start = 0;
        // Up to 1.5 chunk lengths stay whole: no tiny last chunk, and short audio is never cut at all.
        while (size - start > chunkBytes + chunkBytes / 2) {
            long aim = start + chunkBytes;
            long cut = quietestCut(channel, aim - searchBytes, aim + searchBytes, aim);
            chunks.add(new PcmChunk(chunks.size(), start, cut));
            start = cut;
        }
        if (size > start) {
            chunks.add(new PcmChunk(chunks.size(), start, size));
        }
        return chunks;
    }

    /** The middle of the lowest-energy window in {@code [from, to)}; ties go to the one nearest {@code aim}. */
    private long quietestCut(FileChannel channel, long from, long to, long aim) throws IOException {
        int frames = (int) ((to - from) / Pcm.FRAME_BYTES);
        long[] energy = frameEnergies(channel, from, frames);
        if (frames <= windowFrames) {
            return aim;
        }
        long window = 0;
        for (int i = 0; i < windowFrames; i++) {
            window += energy[i];
        }
        long best = Long.MAX_VALUE;
        long bestCut = aim;
        for (int first = 0; first + windowFrames <= frames; first++) {
            if (first > 0) {
                window += energy[first + windowFrames - 1] - energy[first - 1];
            }
            long cut = from + (long) (first + windowFrames / 2) * Pcm.FRAME_BYTES;
            if (window < best || (window == best && Math.abs(cut - aim) < Math.abs(bestCut - aim))) {
                best = window;
                bestCut = cut;
            }
        }
        return bestCut;
    }

    /** Sum of squared samples of each 10 ms frame; fits a long (160 * 32768^2 per frame). */
    private static long[] frameEnergies(FileChannel channel, long from, int frames) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(frames * Pcm.FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, from + bytes.position()) < 0) {
                throw new EOFException("PCM file shrank while being split");
            }
        }
        bytes.flip();
        long[] energy = new long[frames];
        int samplesPerFrame = Pcm.FRAME_BYTES / Pcm.BYTES_PER_SAMPLE;
        for (int frame = 0; frame < frames; frame++) {
            long sum = 0;
            for (int i = 0; i < samplesPerFrame; i++) {
                int sample = bytes.getShort();
                sum += (long) sample * sample;
            }
            energy[frame] = sum;
        }
        return energy;
    }
}
