package ai.synapses.transcribe.audioformat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Objects;

/**
 * What the probe learned from the header bytes of an audio file.
 *
 * @param format            container: one of {@link #WAV}, {@link #MP3}, {@link #FLAC}, {@link #OGG_VORBIS},
 *                          {@link #OPUS}, {@link #M4A}
 * @param codec             ffmpeg-style codec name, e.g. {@code pcm_s16le}, {@code mp3}, {@code flac},
 *                          {@code vorbis}, {@code opus}, {@code aac}
 * @param durationSeconds   from sample counts where the container has them
 * @param sampleRateHz      the rate the audio was made at (Opus: the encoder's input rate from OpusHead;
 *                          Opus itself always decodes at 48 kHz)
 * @param channels          number of channels
 * @param sizeBytes         file size, -1 when the source could not tell
 * @param durationEstimated true when the bytes read could not give the exact duration (e.g. a large VBR MP3
 *                          without a Xing header): bill provisionally and settle from the decoded audio
 * @param bitrateKbps       average bitrate in kbit/s, 0 when unknown
 * @param etag              the server's ETag for the file, when it sent one: with the size and
 *                          {@code lastModified}, how the worker tells whether it downloads the file the submit read
 * @param lastModified      the server's Last-Modified for the file, when it sent one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AudioMetadata(
        String format,
        String codec,
        double durationSeconds,
        int sampleRateHz,
        int channels,
        long sizeBytes,
        boolean durationEstimated,
        int bitrateKbps,
        @JsonInclude(JsonInclude.Include.NON_NULL) String etag,
        @JsonInclude(JsonInclude.Include.NON_NULL) String lastModified) {

    public static final String WAV = "wav";
    public static final String MP3 = "mp3";
    public static final String FLAC = "flac";
    public static final String OGG_VORBIS = "ogg_vorbis";
    public static final String OPUS = "opus";
    public static final String M4A = "m4a";

    public AudioMetadata {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(codec, "codec");
    }

    /** What the format parsers find: the bytes alone say nothing of the file's identity on its server. */
    public AudioMetadata(String format, String codec, double durationSeconds, int sampleRateHz, int channels,
            long sizeBytes, boolean durationEstimated, int bitrateKbps) {
        this(format, codec, durationSeconds, sampleRateHz, channels, sizeBytes, durationEstimated, bitrateKbps, null, null);
    }

    /** The same audio, with the file's identity as its server gave it (either may be null). */
    public AudioMetadata withServerIdentity(String etag, String lastModified) {
        return new AudioMetadata(format, codec, durationSeconds, sampleRateHz, channels, sizeBytes, durationEstimated,
                bitrateKbps, AudioFileIdentity.bounded(etag), AudioFileIdentity.bounded(lastModified));
    }

    /** Size, ETag and Last-Modified: what a later download is compared with. */
    public AudioFileIdentity identity() {
        return new AudioFileIdentity(sizeBytes, etag, lastModified);
    }

    /** Average bitrate of {@code bytes} spread over {@code seconds}, 0 when either is unknown. */
    static int averageKbps(long bytes, double seconds) {
        if (bytes <= 0 || !(seconds > 0)) {
            return 0;
        }
        return (int) Math.round(bytes * 8 / seconds / 1000);
    }
}
