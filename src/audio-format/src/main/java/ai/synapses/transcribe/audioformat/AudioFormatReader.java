package ai.synapses.transcribe.audioformat;

import java.io.IOException;

/**
 * Format, duration, sample rate and channels of an audio file from as few bytes as possible: each read of an
 * {@link AudioBytes} may be an HTTP range request, so the container is sniffed from the first bytes and one
 * parser per format reads only the headers it needs (and the tail, for Ogg and some MP3).
 *
 * <p>Thread-safe and stateless; one instance serves every request.
 */
public final class AudioFormatReader {

    /**
     * A VBR MP3 without a Xing/VBRI header up to this size is walked frame by frame for its exact duration;
     * a larger one is estimated (and flagged so) from a few samples of frames.
     */
    public static final long DEFAULT_FULL_SCAN_LIMIT_BYTES = 8L * 1024 * 1024;

    private final WavParser wav = new WavParser();
    private final Mp3Parser mp3;
    private final FlacParser flac = new FlacParser();
    private final OggParser ogg = new OggParser();
    private final Mp4Parser mp4 = new Mp4Parser();

    public AudioFormatReader() {
        this(DEFAULT_FULL_SCAN_LIMIT_BYTES);
    }

    public AudioFormatReader(long fullScanLimitBytes) {
        this.mp3 = new Mp3Parser(fullScanLimitBytes);
    }

    /**
     * @throws AudioFormatException with {@link AudioFormatException#code()} {@code audio_not_recognized},
     *                              {@code audio_unsupported_format} or {@code audio_unreadable}
     * @throws IOException          when the bytes could not be fetched (passed through from {@link AudioBytes})
     */
    public AudioMetadata read(AudioBytes bytes) throws AudioFormatException, IOException {
        SourceBytes src = new SourceBytes(bytes);
        ContainerSniffer.Sniffed sniffed = ContainerSniffer.sniff(src);
        FormatParser parser = switch (sniffed.container()) {
            case WAV -> wav;
            case MP3 -> mp3;
            case FLAC -> flac;
            case OGG -> ogg;
            case MP4 -> mp4;
        };
        AudioMetadata metadata;
        try {
            metadata = parser.parse(src, sniffed.start());
        } catch (IndexOutOfBoundsException | ArithmeticException | NegativeArraySizeException corrupt) {
            // The parsers check the sizes they follow; this is the net under a combination they missed.
            throw AudioFormatException.unreadable("The file's headers are corrupt.", corrupt);
        }
        if (!(metadata.durationSeconds() > 0) || Double.isInfinite(metadata.durationSeconds())) {
            throw AudioFormatException.unreadable("The file holds no audio: its duration is zero.");
        }
        return metadata;
    }
}
