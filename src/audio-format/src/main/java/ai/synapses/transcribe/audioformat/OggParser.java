package ai.synapses.transcribe.audioformat;

import java.io.IOException;

/**
 * Ogg Vorbis and Ogg Opus. The codec comes from the first packet; the duration from the granule position
 * (a sample count) of the stream's last page, found in the tail of the file.
 */
final class OggParser implements FormatParser {

    /** Usually enough to hold the last page; a second, larger read covers the longest page there can be. */
    private static final int TAIL = 16 * 1024;
    private static final int OPUS_RATE = 48_000;

    private record Stream(long serial, boolean opus, int channels, int sampleRate, int preSkip) {
    }

    @Override
    public AudioMetadata parse(SourceBytes src, long start) throws AudioFormatException, IOException {
        byte[] head = src.read(start, SourceBytes.HEAD);
        Stream stream = identify(head);
        long size = src.size();
        if (size < 0) {
            throw AudioFormatException.unreadable(
                    "The server did not tell the file's size, which an Ogg file needs to be measured.");
        }
        OggTail tail = OggTail.read(src, size, TAIL);
        if (size > TAIL && (tail.last() == null
                || (tail.last().serial() != stream.serial() && tail.bytesPerGranuleOfLastStream() == 0))) {
            tail = OggTail.read(src, size, OggPage.MAX_LENGTH + TAIL);
        }
        if (tail.last() == null) {
            throw AudioFormatException.unreadable("No complete final Ogg page was found: the file is truncated or corrupt.");
        }
        double granulesPerSecond = stream.opus() ? OPUS_RATE : stream.sampleRate();
        double seconds;
        boolean estimated = false;
        if (tail.last().serial() == stream.serial()) {
            seconds = (tail.last().granule() - (stream.opus() ? stream.preSkip() : 0)) / granulesPerSecond;
        } else {
            // Chained Ogg (streams one after another, e.g. a radio recording): each link counts from zero and
            // only the last is in the tail. Estimate from the bytes per sample of that link.
            double bytesPerGranule = tail.bytesPerGranuleOfLastStream();
            if (!(bytesPerGranule > 0)) {
                throw AudioFormatException.unreadable(
                        "The Ogg file chains several streams and their length could not be measured.");
            }
            seconds = size / bytesPerGranule / granulesPerSecond;
            estimated = true;
        }
        if (!(seconds > 0)) {
            throw AudioFormatException.unreadable("The Ogg file holds no audio samples.");
        }
        return new AudioMetadata(stream.opus() ? AudioMetadata.OPUS : AudioMetadata.OGG_VORBIS,
                stream.opus() ? "opus" : "vorbis", seconds, stream.sampleRate(), stream.channels(), size, estimated,
                AudioMetadata.averageKbps(size, seconds));
    }

    /** The audio stream described by the beginning-of-stream pages at the start of the file. */
    private static Stream identify(byte[] head) throws AudioFormatException {
        Stream audio = null;
        String other = null;
        int at = 0;
        OggPage page = OggPage.parse(head, 0);
        while (page != null && page.beginsStream()) {
            int p = page.bodyOffset();
            if (Bin.startsWith(head, p, "\u0001vorbis") && p + 28 <= head.length) {
                audio = audio != null ? audio : new Stream(page.serial(), false, Bin.u8(head, p + 11),
                        (int) Bin.u32le(head, p + 12), 0);
            } else if (Bin.startsWith(head, p, "OpusHead") && p + 19 <= head.length) {
                int inputRate = (int) Bin.u32le(head, p + 12);
                audio = audio != null ? audio : new Stream(page.serial(), true, Bin.u8(head, p + 9),
                        inputRate > 0 ? inputRate : OPUS_RATE, Bin.u16le(head, p + 10));
            } else if (Bin.startsWith(head, p, "\u0080theora") || Bin.startsWith(head, p, "\u0080daala")
                    || Bin.startsWith(head, p, "OVP80")) {
                throw AudioFormatException.unsupported("Ogg video is not supported; send the audio only.");
            } else if (Bin.startsWith(head, p, "\u007fFLAC")) {
                other = "FLAC in Ogg";
            } else if (Bin.startsWith(head, p, "Speex   ")) {
                other = "Speex";
            } else if (!Bin.startsWith(head, p, "fishead") && !Bin.startsWith(head, p, "fisbone")) {
                other = "an unknown codec";
            }
            at += page.length();
            page = OggPage.parse(head, at);
        }
        if (audio != null && (audio.channels() == 0 || audio.sampleRate() <= 0)) {
            throw AudioFormatException.unreadable("The Ogg stream header gives no channels or no sample rate.");
        }
        if (audio != null) {
            return audio;
        }
        if (other != null) {
            throw AudioFormatException.unsupported("Ogg with " + other
                    + " is not supported; Ogg Vorbis and Opus are. Plain FLAC files are accepted too.");
        }
        throw AudioFormatException.unreadable("The Ogg file does not start with a stream header: it is corrupt.");
    }
}
