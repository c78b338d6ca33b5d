package ai.synapses.transcribe.decoding;

import ai.synapses.transcribe.audioformat.AudioFormatException;
import ai.synapses.transcribe.audioformat.AudioFormatReader;
import ai.synapses.transcribe.audioformat.AudioMetadata;
import ai.synapses.transcribe.transcript.EngineSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The decoding this deployment has: ffmpeg when a binary is found (every format), else the pure-Java decoders
 * (every format but M4A/AAC). The container is detected by the probe's {@link AudioFormatReader} on the file
 * itself, never from a name or a Content-Type (mp3spi, for one, takes M4A files for MP3).
 *
 * <pre>{@code
 * AudioDecoders decoders = new AudioDecoders(DecodingOptions.defaults());
 * decoders.decodableFormats();                       // what the submit may accept
 * try (DecodedAudio pcm = decoders.decode(file)) {   // 16 kHz mono s16le; close() deletes it
 *     pcm.durationSeconds();                         // settles the bill
 * }
 * }</pre>
 *
 * Thread-safe: one instance serves every job; each call uses its own files and, for ffmpeg, its own process.
 */
@ApplicationScoped
public class AudioDecoders {

    private static final Logger LOG = Logger.getLogger(AudioDecoders.class);

    private final DecodingOptions options;
    private final FfmpegDecoder ffmpeg;
    private final JavaDecoder java = new JavaDecoder();
    private final AudioFormatReader reader = new AudioFormatReader();
    private final Set<String> formats;

    @Inject
    public AudioDecoders(DecodingSettings settings, EngineSettings engine) {
        this(DecodingOptions.of(settings, engine));
    }

    /** Looks for ffmpeg as {@code options} say ({@code ffmpegEnabled}, {@code ffmpegPath}, else the PATH). */
    public AudioDecoders(DecodingOptions options) {
        this(options, options.ffmpegEnabled() ? FfmpegDecoder.find(options.ffmpegPath()).orElse(null) : null);
    }

    AudioDecoders(DecodingOptions options, FfmpegDecoder ffmpeg) {
        this.options = options;
        this.ffmpeg = ffmpeg;
        Set<String> all = new LinkedHashSet<>();
        for (String f : List.of(AudioMetadata.WAV, AudioMetadata.MP3, AudioMetadata.FLAC, AudioMetadata.OGG_VORBIS,
                AudioMetadata.OPUS, AudioMetadata.M4A)) {
            if ((ffmpeg != null && ffmpeg.formats().contains(f)) || java.formats().contains(f)) {
                all.add(f);
            }
        }
        this.formats = Collections.unmodifiableSet(all);
        LOG.infof("audio decoding: %s; decodable formats %s", ffmpeg != null ? ffmpeg : "pure Java (no ffmpeg)", formats);
    }

    /**
     * The probe's format names ({@link AudioMetadata#format()}) this deployment decodes: all six with ffmpeg,
     * without it {@code wav, mp3, flac, ogg_vorbis, opus}. The submit refuses the others.
     */
    public Set<String> decodableFormats() {
        return formats;
    }

    /** The decoder used for the formats it takes: ffmpeg when found, else the Java one. */
    public PcmDecoder decoder() {
        return ffmpeg != null ? ffmpeg : java;
    }

    public Optional<FfmpegDecoder> ffmpeg() {
        return Optional.ofNullable(ffmpeg);
    }

    public DecodingOptions options() {
        return options;
    }

    /** Format, duration, rate and channels of a local file, by the same reader as the submit's probe. */
    public AudioMetadata probe(Path file) throws AudioProcessingException {
        try (LocalAudioBytes bytes = new LocalAudioBytes(file)) {
            return reader.read(bytes);
        } catch (AudioFormatException e) {
            throw AudioProcessingException.of(e);
        } catch (IOException e) {
            throw AudioProcessingException.decodeFailed("could not read the downloaded file: " + e.getMessage(), e);
        }
    }

    /** {@link #decode(Path, String)} without an expectation. */
    public DecodedAudio decode(Path file) throws AudioProcessingException {
        return decode(file, null);
    }

    /**
     * Probes {@code file} and decodes it to 16 kHz mono s16le PCM in a new file of the temp directory (the
     * caller closes the result to delete it; nothing is left behind on failure). {@code expectedFormat} (what
     * the submit saw; may be null) is informative only: the container detected now is what gets decoded,
     * since the file behind a URL can change between submit and download.
     *
     * @throws AudioProcessingException {@code audio_not_recognized}, {@code audio_unsupported_format},
     *                                  {@code audio_unreadable}, {@code audio_format_not_decodable},
     *                                  {@code audio_too_long}, {@code audio_decode_failed} (retryable)
     */
    public DecodedAudio decode(Path file, String expectedFormat) throws AudioProcessingException {
        AudioMetadata metadata = probe(file);
        if (expectedFormat != null && !expectedFormat.equals(metadata.format())) {
            LOG.infof("%s holds %s audio, not the %s seen at submit: decoding it as %s", file.getFileName(),
                    metadata.format(), expectedFormat, metadata.format());
        }
        return decodeProbed(file, metadata);
    }

    /** Decodes a file already probed (by {@link #probe}). */
    public DecodedAudio decodeProbed(Path file, AudioMetadata metadata) throws AudioProcessingException {
        String format = metadata.format();
        if (!formats.contains(format)) {
            throw AudioProcessingException.notDecodable(format);
        }
        double maxSeconds = options.maxDuration().toMillis() / 1000.0;
        if (!metadata.durationEstimated() && metadata.durationSeconds() > maxSeconds + 1) {
            throw AudioProcessingException.tooLong(maxSeconds); // no need to decode hours to find out
        }
        Path output;
        try {
            Files.createDirectories(options.tempDir());
            output = Files.createTempFile(options.tempDir(), "pcm-", ".s16le");
        } catch (IOException e) {
            throw AudioProcessingException.decodeFailed("cannot create a temporary file in " + options.tempDir() + ": " + e.getMessage(), e);
        }
        boolean ok = false;
        try {
            PcmDecoder decoder = ffmpeg != null && ffmpeg.formats().contains(format) ? ffmpeg : java;
            DecodedAudio decoded;
            try {
                decoded = decoder.decode(file, format, output, PcmDecoder.Limits.of(options));
            } catch (AudioProcessingException e) {
                if (decoder == ffmpeg && e.getCause() instanceof FfmpegDecoder.NotStarted && java.formats().contains(format)) {
                    decoded = java.decode(file, format, output, PcmDecoder.Limits.of(options));
                } else {
                    throw e;
                }
            }
            ok = true;
            return decoded;
        } finally {
            if (!ok) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // left in the temp directory
                }
            }
        }
    }
}
