package ai.synapses.transcribe.decoding;

import ai.synapses.transcribe.audioformat.AudioMetadata;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Pure-Java decoding, for deployments without ffmpeg: WAV (own RIFF reader), MP3/MP2 (JLayer, mp3spi's decoder),
 * FLAC (jflac), Ogg Vorbis (JOrbis, vorbisspi's decoder) and Opus (Concentus), each followed by a downmix to mono
 * (channel average) and {@link SincResampler} to 16 kHz. M4A/AAC is refused with {@code audio_format_not_decodable}:
 * there is no sound pure-Java AAC decoder. Thread-safe (no state between calls).
 */
public final class JavaDecoder implements PcmDecoder {

    static final Set<String> FORMATS = Set.of(AudioMetadata.WAV, AudioMetadata.MP3, AudioMetadata.FLAC,
            AudioMetadata.OGG_VORBIS, AudioMetadata.OPUS);
    private static final int READ_BUFFER = 64 * 1024;

    /** Data a decoder could not make sense of, where the codec API only allows an IOException. */
    static final class CorruptData extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptData(String message) {
            super(message);
        }
    }

    /** Decodes one container from a stream into a sink. */
    interface StreamDecoder {
        void decode(InputStream in, PcmSink sink) throws IOException, AudioProcessingException;
    }

    /** The file; for MP3 only up to its trailing tags. */
    private static InputStream open(Path input, String format) throws IOException {
        InputStream in = Files.newInputStream(input);
        if (!format.equals(AudioMetadata.MP3)) {
            return in;
        }
        long end = Mp3StreamDecoder.audioEnd(input);
        return new FilterInputStream(in) {
            private long left = end;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long s = super.skip(Math.min(n, left));
                left -= s;
                return s;
            }

            @Override
            public int available() throws IOException {
                return (int) Math.min(super.available(), left);
            }
        };
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public Set<String> formats() {
        return FORMATS;
    }

    @Override
    public DecodedAudio decode(Path input, String format, Path output, Limits limits) throws AudioProcessingException {
        StreamDecoder decoder = switch (format) {
            case AudioMetadata.WAV -> new WavStreamDecoder();
            case AudioMetadata.MP3 -> new Mp3StreamDecoder();
            case AudioMetadata.FLAC -> new FlacStreamDecoder();
            case AudioMetadata.OGG_VORBIS, AudioMetadata.OPUS -> new OggStreamDecoder();
            case AudioMetadata.M4A -> throw AudioProcessingException.notDecodable(format);
            default -> throw new AudioProcessingException(AudioProcessingException.UNSUPPORTED_FORMAT,
                    "The audio format " + format + " is not supported.", false, null);
        };
        try (InputStream in = new BufferedInputStream(open(input, format), READ_BUFFER);
             PcmSink sink = new PcmSink(output, limits.maxSamples(), limits.maxSeconds(), limits.deadlineNanos())) {
            decoder.decode(in, sink);
            DecodedAudio decoded = sink.finish();
            if (decoded.samples() == 0) {
                throw AudioProcessingException.unreadable("The file holds no audio.", null);
            }
            return decoded;
        } catch (PcmSink.LimitExceeded e) {
            throw e.failure();
        } catch (CorruptData e) {
            throw AudioProcessingException.unreadable("The " + AudioProcessingException.describe(format)
                    + " data is corrupt: " + e.getMessage() + ".", e);
        } catch (EOFException e) {
            throw AudioProcessingException.unreadable("The " + AudioProcessingException.describe(format)
                    + " file ends too early: it is truncated.", e);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw AudioProcessingException.decodeFailed("decoding was interrupted", e);
        } catch (NoSuchFileException e) {
            throw AudioProcessingException.decodeFailed("the downloaded file is gone: " + e.getMessage(), e);
        } catch (IOException e) {
            // Reading a local file or writing the PCM failed (disk full...): not the customer's fault.
            throw AudioProcessingException.decodeFailed("decoding failed: " + e, e);
        } catch (RuntimeException | StackOverflowError e) {
            // A codec library tripping over corrupt data it did not validate.
            throw AudioProcessingException.unreadable("The " + AudioProcessingException.describe(format)
                    + " data is corrupt (" + e.getClass().getSimpleName() + ").", e);
        }
    }
}
