package ai.synapses.transcribe.decoding;

import ai.synapses.transcribe.audioformat.AudioMetadata;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Decodes with an ffmpeg binary, every format the probe accepts (M4A/AAC included):
 * {@code ffmpeg -nostdin -hide_banner -loglevel error -protocol_whitelist file -f DEMUXER -i file:IN -map 0:a:0
 * -ac 1 -ar 16000 [-af aresample=resampler=soxr] -f s16le -acodec pcm_s16le pipe:1} (Opus with {@code -c:a libopus}
 * when the build has it), the PCM read from its
 * stdout and written to the output file here, so the duration limit is enforced while it runs (ffmpeg is
 * killed as soon as it is exceeded). The demuxer is forced from the probe's format and only the {@code file}
 * protocol is allowed, so no file can make ffmpeg open a URL (HLS playlists, concat lists). The soxr
 * resampler is used when the build has it (Debian's does); stderr is kept (first 4 KB) for the error message;
 * the decode time-out kills the process.
 */
public final class FfmpegDecoder implements PcmDecoder {

    static final Set<String> FORMATS = Set.of(AudioMetadata.WAV, AudioMetadata.MP3, AudioMetadata.FLAC,
            AudioMetadata.OGG_VORBIS, AudioMetadata.OPUS, AudioMetadata.M4A);
    private static final int STDERR_LIMIT = 4096;
    private static final long PROBE_TIMEOUT_SECONDS = 15;

    private final Path binary;
    private final boolean soxr;
    private final boolean libopus;
    private final String version;

    private FfmpegDecoder(Path binary, boolean soxr, boolean libopus, String version) {
        this.binary = binary;
        this.soxr = soxr;
        this.libopus = libopus;
        this.version = version;
    }

    /**
     * The ffmpeg at {@code configured} (a path, or a bare name looked up on the PATH), else {@code ffmpeg} on the
     * PATH; empty when there is none or it does not run ({@code ffmpeg -version} must succeed).
     */
    public static Optional<FfmpegDecoder> find(Optional<Path> configured) {
        Optional<Path> binary = locate(configured.map(Path::toString).orElse("ffmpeg"));
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(binary.get().toString(), "-hide_banner", "-version")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
            byte[] out = readLimited(p.getInputStream(), 64 * 1024);
            if (!p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                return Optional.empty();
            }
            String text = new String(out, StandardCharsets.UTF_8);
            String first = text.lines().findFirst().orElse("ffmpeg");
            return Optional.of(new FfmpegDecoder(binary.get(), text.contains("--enable-libsoxr"),
                    text.contains("--enable-libopus"), first));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** An executable file: {@code name} itself when it contains a separator, else the first match on the PATH. */
    static Optional<Path> locate(String name) {
        if (name.contains(File.separator)) {
            Path p = Path.of(name);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return "ffmpeg";
    }

    @Override
    public Set<String> formats() {
        return FORMATS;
    }

    /** Whether the build has libsoxr (then {@code aresample=resampler=soxr} is used). */
    public boolean soxr() {
        return soxr;
    }

    /** Whether the build has libopus (then Opus is decoded by it, the reference decoder, not ffmpeg's own). */
    public boolean libopus() {
        return libopus;
    }

    /** The first line of {@code ffmpeg -version}. */
    public String version() {
        return version;
    }

    /** The command line for one decode (for logs and tests). */
    List<String> command(Path input, String format) {
        String demuxer = switch (format) {
            case AudioMetadata.WAV -> "wav";
            case AudioMetadata.MP3 -> "mp3";
            case AudioMetadata.FLAC -> "flac";
            case AudioMetadata.OGG_VORBIS, AudioMetadata.OPUS -> "ogg";
            case AudioMetadata.M4A -> "mov";
            default -> throw new IllegalArgumentException("unknown format " + format);
        };
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
                "-protocol_whitelist", "file", "-f", demuxer));
        if (libopus && format.equals(AudioMetadata.OPUS)) {
            // ffmpeg's own Opus decoder (5.1) differs from the reference by a sub-sample phase (11-14 dB SNR against libopus)
            cmd.addAll(List.of("-c:a", "libopus"));
        }
        cmd.addAll(List.of("-i", "file:" + input.toAbsolutePath(),
                "-map", "0:a:0", "-ac", "1", "-ar", Integer.toString(DecodedAudio.SAMPLE_RATE)));
        if (soxr) {
            cmd.addAll(List.of("-af", "aresample=resampler=soxr"));
        }
        cmd.addAll(List.of("-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"));
        return cmd;
    }

    @Override
    public DecodedAudio decode(Path input, String format, Path output, Limits limits) throws AudioProcessingException {
        if (!FORMATS.contains(format)) {
            throw new AudioProcessingException(AudioProcessingException.UNSUPPORTED_FORMAT,
                    "The audio format " + format + " is not supported.", false, null);
        }
        Process process;
        try {
            process = new ProcessBuilder(command(input, format)).redirectInput(ProcessBuilder.Redirect.from(nullFile())).start();
        } catch (IOException e) {
            throw AudioProcessingException.decodeFailed("could not start ffmpeg (" + binary + "): " + e.getMessage(), new NotStarted(e));
        }
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Thread errors = new Thread(() -> drain(process.getErrorStream(), stderr), "ffmpeg-stderr");
        errors.setDaemon(true);
        errors.start();
        java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                long wait = limits.deadlineNanos() - System.nanoTime();
                if (!process.waitFor(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
                    timedOut.set(true);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "ffmpeg-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        long bytes = 0;
        long maxBytes = limits.maxSamples() * DecodedAudio.BYTES_PER_SAMPLE;
        try (InputStream pcm = process.getInputStream(); OutputStream out = Files.newOutputStream(output)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = pcm.read(buffer)) >= 0; ) {
                if (bytes + n > maxBytes) {
                    process.destroyForcibly();
                    throw AudioProcessingException.tooLong(limits.maxSeconds());
                }
                out.write(buffer, 0, n);
                bytes += n;
                if (Thread.currentThread().isInterrupted()) {
                    process.destroyForcibly();
                    throw AudioProcessingException.decodeFailed("decoding was interrupted", null);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
            throw AudioProcessingException.decodeFailed("ffmpeg's output could not be written: " + e.getMessage(), e);
        } finally {
            watchdog.interrupt();
        }
        int exit;
        try {
            exit = process.waitFor();
            errors.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw AudioProcessingException.decodeFailed("decoding was interrupted", e);
        }
        String message;
        synchronized (stderr) {
            message = stderr.toString(StandardCharsets.UTF_8).strip();
        }
        if (timedOut.get()) {
            throw AudioProcessingException.decodeFailed("ffmpeg took longer than the decode time-out", null);
        }
        if (exit != 0) {
            String detail = message.isEmpty() ? "exit status " + exit : message;
            if (exit > 128 || exit < 0) {
                // Killed by a signal (crash, out of memory): not the file's fault as far as we know.
                throw AudioProcessingException.decodeFailed("ffmpeg died (" + detail + ")", null);
            }
            throw AudioProcessingException.unreadable("The " + AudioProcessingException.describe(format)
                    + " file could not be decoded: " + firstLine(detail), null);
        }
        long samples = bytes / DecodedAudio.BYTES_PER_SAMPLE;
        if (samples == 0) {
            throw AudioProcessingException.unreadable("The file holds no decodable audio"
                    + (message.isEmpty() ? "." : ": " + firstLine(message)), null);
        }
        return new DecodedAudio(output, samples);
    }

    /** The cause of a decode failure when ffmpeg could not be started at all (then the Java decoders may step in). */
    static final class NotStarted extends IOException {
        private static final long serialVersionUID = 1L;

        NotStarted(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream into) {
        byte[] buffer = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (into) {
                    int keep = Math.min(n, STDERR_LIMIT - into.size());
                    if (keep > 0) {
                        into.write(buffer, 0, keep);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process went away
        }
    }

    private static byte[] readLimited(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (out.size() < limit) {
                out.write(buffer, 0, Math.min(n, limit - out.size()));
            }
        }
        return out.toByteArray();
    }

    private static String firstLine(String s) {
        String line = s.lines().filter(l -> !l.isBlank()).findFirst().orElse(s);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static File nullFile() {
        return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
    }

    @Override
    public String toString() {
        return "ffmpeg " + binary + (soxr ? " +soxr" : "") + (libopus ? " +libopus" : "") + ": " + version;
    }
}
