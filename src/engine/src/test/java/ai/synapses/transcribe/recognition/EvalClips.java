package ai.synapses.transcribe.recognition;

import ai.synapses.transcribe.transcript.Transcript;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The speech clips of {@code ../shared/eval/speech} (system property {@code transcribe.eval.dir}),
 * turned into raw PCM here because decoding is not this package's job, and one engine shared by the
 * test classes of the JVM (each model load costs ~250 MB of native memory).
 */
final class EvalClips {

    record Clip(String file, String set, String reference) {
    }

    private static SpeechRecognizer engine;
    private static final Map<String, Transcript> SINGLE = new ConcurrentHashMap<>();

    private EvalClips() {
    }

    /** The speech directory, or the test is skipped with a visible reason. */
    static Path speechDir() {
        String dir = System.getProperty("transcribe.eval.dir");
        Path speech = dir == null ? null : Path.of(dir, "speech");
        if (speech == null || !Files.isRegularFile(speech.resolve("refs.tsv"))) {
            String reason = "speech eval tests skipped: ../shared/eval not found (transcribe.eval.dir=" + dir + ")";
            System.out.println("[recognition] " + reason); // surefire does not print assumption messages
            Assumptions.assumeTrue(false, reason);
        }
        return speech;
    }

    static List<Clip> clips() throws IOException {
        List<Clip> clips = new ArrayList<>();
        for (String line : Files.readAllLines(speechDir().resolve("refs.tsv"))) {
            String[] columns = line.split("\t");
            if (columns.length == 3 && !columns[0].equals("file")) {
                clips.add(new Clip(columns[0], columns[1], columns[2]));
            }
        }
        return clips;
    }

    static List<Clip> set(String name) throws IOException {
        return clips().stream().filter(clip -> clip.set().equals(name)).toList();
    }

    static Clip clip(String file) throws IOException {
        return clips().stream().filter(clip -> clip.file().equals(file)).findFirst().orElseThrow();
    }

    /** The samples of a 16 kHz mono 16-bit WAV, found by walking the RIFF chunks to {@code data}. */
    static byte[] pcm(Path wav) throws IOException {
        ByteBuffer riff = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        if (riff.getInt(0) != 0x46464952 || riff.getInt(8) != 0x45564157) { // "RIFF", "WAVE"
            throw new IOException(wav + " is not a RIFF/WAVE file");
        }
        int position = 12;
        while (position + 8 <= riff.limit()) {
            int id = riff.getInt(position);
            int size = riff.getInt(position + 4);
            if (id == 0x20746d66) { // "fmt "
                short channels = riff.getShort(position + 10);
                int rate = riff.getInt(position + 12);
                short bits = riff.getShort(position + 22);
                if (channels != 1 || rate != Pcm.SAMPLE_RATE || bits != 16) {
                    throw new IOException(wav + " is not 16 kHz mono 16-bit: " + channels + "ch " + rate + " Hz " + bits + " bit");
                }
            } else if (id == 0x61746164) { // "data"
                int length = Math.min(size, riff.limit() - position - 8) & ~1;
                byte[] samples = new byte[length];
                riff.get(position + 8, samples);
                return samples;
            }
            position += 8 + size + (size & 1);
        }
        throw new IOException(wav + " has no data chunk");
    }

    static Path pcmFile(String file, Path dir) throws IOException {
        Path out = dir.resolve(file.replace(".wav", ".pcm"));
        Files.write(out, pcm(speechDir().resolve(file)));
        return out;
    }

    /** CPU time of the whole JVM: with other work on the machine, CPU per audio second is steadier than wall time. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static synchronized SpeechRecognizer engine() {
        if (engine == null) {
            engine = new SpeechRecognizer(new SpeechModels());
        }
        return engine;
    }

    /** A clip recognised alone, once per JVM (several tests compare against it). */
    static Transcript single(Clip clip, Path tempDir) throws IOException {
        Transcript cached = SINGLE.get(clip.file());
        if (cached == null) {
            cached = engine().transcribe(pcmFile(clip.file(), tempDir), "en");
            SINGLE.put(clip.file(), cached);
        }
        return cached;
    }
}
