package ai.synapses.transcribe.audioformat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * MPEG audio (layers I-III, MPEG 1/2/2.5). In order of preference: the Xing/Info or VBRI header's frame count
 * (minus the LAME tag's encoder delay and padding); for constant bitrate, the audio bytes over the bitrate;
 * for variable bitrate without a header, every frame counted when the file is small enough to walk, otherwise
 * an estimate from the average frame size of a few samples across the file, flagged as estimated.
 */
final class Mp3Parser implements FormatParser {

    /** Junk tolerated before the first frame (after any ID3v2 tag). */
    private static final int MAX_JUNK = 64 * 1024;
    /**
     * One look inside the file, one round trip: some seconds of audio, so that speech and its pauses average
     * out within a look (measured on 10-17 min speech files: 5 looks of 64 KiB came within 2.5%, where
     * 5 of 16 KiB were off by 8% and ffprobe by 11%).
     */
    private static final int PROBE = 64 * 1024;
    /** Looks for an estimate, at 1/6 ... 5/6 of the audio: the one at 1/2 is the VBR check's, already read. */
    private static final int ESTIMATE_LOOKS = 5;
    /** Enough for a few of the longest frames. */
    private static final int MIN_LOOK = 4 * 1024;

    private final long fullScanLimitBytes;

    Mp3Parser(long fullScanLimitBytes) {
        this.fullScanLimitBytes = fullScanLimitBytes;
    }

    @Override
    public AudioMetadata parse(SourceBytes src, long start) throws AudioFormatException, IOException {
        long size = src.size();
        FirstFrame first = findFirstFrame(src, start);
        Mp3FrameHeader h = first.header();
        long audioStart = first.offset();

        byte[] frameBytes = src.read(audioStart, h.frameLength());
        Mp3InfoTag tag = Mp3InfoTag.find(frameBytes, h);
        // A header promising more audio than the file holds belongs to a file that was cut: measure what is there.
        boolean cut = tag != null && tag.bytes() > 0 && size > 0 && audioStart + tag.bytes() > size + Mp3Frames.MAX_FRAME;
        if (tag != null && tag.frames() > 0 && !cut) {
            long samples = tag.frames() * h.samplesPerFrame();
            if (tag.encoderDelay() + tag.encoderPadding() < samples) {
                samples -= tag.encoderDelay() + tag.encoderPadding();
            }
            double seconds = (double) samples / h.sampleRate();
            long audioBytes = tag.bytes() > 0 ? tag.bytes() : size > 0 ? size - audioStart : 0;
            return metadata(h, seconds, size, false, AudioMetadata.averageKbps(audioBytes, seconds));
        }
        List<Mp3FrameHeader> sample = new ArrayList<>(first.chain());
        if (tag != null && sample.size() > 1) {
            // A tag without a frame count: its frame holds no audio and may have any bitrate; measure the rest.
            audioStart += h.frameLength();
            sample.remove(0);
        }
        Mp3FrameHeader ref = sample.get(0);
        if (size < 0) {
            throw AudioFormatException.unreadable(
                    "The server did not tell the file's size, which an MP3 without a Xing header needs to be measured.");
        }

        long audioEnd = Mp3TrailingTags.audioEnd(src, size);
        long audioBytes = audioEnd - audioStart;
        boolean variable = varies(sample, ref);
        if (!variable) {
            // The start of a VBR file is often silence at one low bitrate: look at the middle and the end too.
            sample.addAll(probe(src, audioStart + audioBytes / 2, PROBE, audioEnd, ref));
            sample.addAll(probe(src, Math.max(audioStart, size - Mp3TrailingTags.TAIL), PROBE, audioEnd, ref));
            variable = varies(sample, ref);
        }
        if (!variable) {
            double seconds = audioBytes * 8.0 / (ref.bitrateKbps() * 1000.0);
            return metadata(ref, seconds, size, false, ref.bitrateKbps());
        }
        if (size <= fullScanLimitBytes) {
            long samples = Mp3Frames.countSamples(src, audioStart, audioEnd, ref);
            double seconds = (double) samples / ref.sampleRate();
            return metadata(ref, seconds, size, false, AudioMetadata.averageKbps(audioBytes, seconds));
        }
        double framesPerByte = sampledFramesPerByte(src, audioStart, audioEnd, ref);
        if (framesPerByte == 0) {
            framesPerByte = sample.size() / (double) sample.stream().mapToInt(Mp3FrameHeader::frameLength).sum();
        }
        double seconds = audioBytes * framesPerByte * ref.samplesPerFrame() / ref.sampleRate();
        return metadata(ref, seconds, size, true, AudioMetadata.averageKbps(audioBytes, seconds));
    }

    /**
     * Frames per byte, averaged over evenly spaced looks inside the file, each weighing the same as the stretch
     * of file it stands for. The first and last seconds are left out: intros and outros are often silence, a
     * few hundred tiny frames that would weigh far more in a count of frames than in the file.
     */
    private static double sampledFramesPerByte(SourceBytes src, long audioStart, long audioEnd, Mp3FrameHeader ref)
            throws IOException {
        double sum = 0;
        int looks = 0;
        for (int k = 1; k <= ESTIMATE_LOOKS; k++) {
            long at = audioStart + (audioEnd - audioStart) * k / (ESTIMATE_LOOKS + 1);
            List<Mp3FrameHeader> frames = probe(src, at, PROBE, audioEnd, ref);
            if (!frames.isEmpty()) {
                sum += frames.size() / (double) frames.stream().mapToInt(Mp3FrameHeader::frameLength).sum();
                looks++;
            }
        }
        return looks == 0 ? 0 : sum / looks;
    }

    private static boolean varies(List<Mp3FrameHeader> frames, Mp3FrameHeader ref) {
        return frames.stream().anyMatch(f -> f.bitrateKbps() != ref.bitrateKbps());
    }

    /** The first frame and the frames after it that the same read holds. */
    private record FirstFrame(long offset, Mp3FrameHeader header, List<Mp3FrameHeader> chain) {
    }

    private static FirstFrame findFirstFrame(SourceBytes src, long start) throws AudioFormatException, IOException {
        for (long at = start; at < start + MAX_JUNK; ) {
            // The first look ends where the file's first read ended, so that it costs no extra round trip.
            int length = at < SourceBytes.HEAD ? (int) Math.max(SourceBytes.HEAD - at, MIN_LOOK) : SourceBytes.HEAD;
            byte[] buf = src.read(at, length);
            if (buf.length < 4) {
                break;
            }
            // Right where the audio should begin, two agreeing frames suffice; after junk, ask for four.
            int i = at == start ? Mp3Frames.find(buf, 0, 1, null) : -1;
            if (i != 0) {
                i = Mp3Frames.find(buf, at == start ? 1 : 0, 3, null);
            }
            if (i >= 0) {
                Mp3FrameHeader header = Mp3FrameHeader.parse(buf, i);
                List<Mp3FrameHeader> chain = Mp3Frames.chain(buf, i, buf.length);
                return new FirstFrame(at + i, header, chain.isEmpty() ? List.of(header) : chain);
            }
            if (buf.length < length) {
                break;
            }
            at += buf.length - 4;
        }
        throw AudioFormatException.unreadable("No MPEG audio frame was found: the MP3 is corrupt or is not audio.");
    }

    /** Frames of the same stream found in a small read at {@code at}, none past {@code audioEnd}. */
    private static List<Mp3FrameHeader> probe(SourceBytes src, long at, int size, long audioEnd,
                                              Mp3FrameHeader like) throws IOException {
        int length = (int) Math.min(size, audioEnd - at);
        if (length < 4) {
            return List.of();
        }
        byte[] buf = src.read(at, length);
        int i = Mp3Frames.find(buf, 0, 2, like);
        return i < 0 ? List.of() : Mp3Frames.chain(buf, i, (int) Math.min(buf.length, audioEnd - at));
    }

    private static AudioMetadata metadata(Mp3FrameHeader h, double seconds, long size, boolean estimated, int kbps) {
        return new AudioMetadata(AudioMetadata.MP3, h.codec(), seconds, h.sampleRate(), h.channels(), size, estimated,
                kbps);
    }
}
