import ai.synapses.transcribe.diarization.Diarization;
import ai.synapses.transcribe.recognition.RecognitionTuning;
import ai.synapses.transcribe.recognition.SpeechModels;
import ai.synapses.transcribe.recognition.SpeechRecognizer;
import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.recognition.TranscriptAssembler;
import ai.synapses.transcribe.transcript.Word;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Diarization cost against recognition on one ~10-minute recording (issue 4, part 7). Run by
 * diarization-bench.sh (Java's single-file launcher, on the engine's class path). Prints recognition
 * wall time, diarization wall time (first run in the process, then the median of the rest), the ratio
 * and the verdict against 0.25. System properties: transcribe.eval.dir, bench.minutes (10),
 * bench.runs (3), bench.threads (recognition threads; default one per core).
 */
public class DiarizationBench {

    static final double TARGET = 0.25;

    public static void main(String[] args) throws Exception {
        Path eval = Path.of(System.getProperty("transcribe.eval.dir", "../shared/eval")).toAbsolutePath().normalize();
        double minutes = Double.parseDouble(System.getProperty("bench.minutes", "10"));
        int runs = Integer.getInteger("bench.runs", 3);
        List<Path> clips = clips(eval);
        if (clips.isEmpty()) {
            System.err.println("no 16 kHz mono WAV clips under " + eval + "/speech or /diarization");
            System.exit(2);
        }
        Path pcm = Files.createTempFile("diarization-bench", ".pcm");
        try {
            int used = build(pcm, clips, minutes * 60);
            double audio = Files.size(pcm) / 32000.0;
            RecognitionTuning tuning = RecognitionTuning.defaults();
            if (System.getProperty("bench.threads") != null) {
                tuning = tuning.withThreads(Integer.getInteger("bench.threads"));
            }
            System.out.printf("# diarization bench: %.1f s of audio from %d clip plays (%d distinct clips of %s); %d cores; recognition threads %d; load %s%n",
                    audio, used, clips.size(), eval, Runtime.getRuntime().availableProcessors(), tuning.threads(), load());
            try (SpeechModels models = new SpeechModels(); SpeechRecognizer recognizer = new SpeechRecognizer(models, tuning)) {
                models.model("en");
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                Transcript transcript = recognizer.transcribe(pcm, "en");
                double recognition = secs(t0);
                double recognitionCpu = (cpuNanos() - c0) / 1e9;
                System.out.printf("recognition      %6.2f s wall  %6.2f s CPU  RTF %.3f  %d words                load %s%n",
                        recognition, recognitionCpu, recognition / audio, transcript.words().size(), load());

                Diarization diarization = new Diarization(new TranscriptAssembler(tuning.utterancePauseMillis()), new ObjectMapper());
                for (int expected : new int[] {0, 4}) {
                    List<Double> times = new ArrayList<>();
                    Transcript labelled = null;
                    double firstCpu = 0;
                    for (int r = 0; r < Math.max(1, runs); r++) {
                        long t1 = System.nanoTime();
                        long c1 = cpuNanos();
                        labelled = diarization.diarize(transcript, pcm, expected);
                        times.add(secs(t1));
                        if (r == 0) {
                            firstCpu = (cpuNanos() - c1) / 1e9;
                        }
                    }
                    long speakers = labelled.words().stream().map(Word::speaker).distinct().count();
                    double first = times.get(0);
                    double warm = times.size() > 1 ? median(times.subList(1, times.size())) : first;
                    String name = expected == 0 ? "expected any" : "expected " + expected;
                    System.out.printf("diarization %-12s first %6.3f s  warm median %6.3f s  %d speakers  %d utterances  load %s%n",
                            name, first, warm, speakers, labelled.utterances().size(), load());
                    double ratio = first / recognition;
                    System.out.printf("  ratio diarization / recognition (first run): wall %.4f  %s (< %.2f);  CPU %.4f (%.2f s / %.2f s, less sensitive to other load)%n",
                            ratio, ratio < TARGET ? "PASS" : "MISS", TARGET, firstCpu / recognitionCpu, firstCpu, recognitionCpu);
                }
            }
        } finally {
            Files.deleteIfExists(pcm);
        }
    }

    /** Every 16 kHz mono 16-bit WAV of speech/ and diarization/, in name order. */
    static List<Path> clips(Path eval) throws Exception {
        List<Path> clips = new ArrayList<>();
        for (String sub : List.of("diarization", "speech")) {
            Path dir = eval.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".wav")).sorted().toList()) {
                    try (AudioInputStream in = AudioSystem.getAudioInputStream(f.toFile())) {
                        AudioFormat a = in.getFormat();
                        if (a.getSampleRate() == 16000 && a.getChannels() == 1 && a.getSampleSizeInBits() == 16 && !a.isBigEndian()) {
                            clips.add(f);
                        }
                    } catch (Exception e) {
                        // not a plain PCM WAV: left out
                    }
                }
            }
        }
        return clips;
    }

    /** Raw PCM of the clips round and round, 0.7 s of silence after each, until {@code seconds}. */
    static int build(Path pcm, List<Path> clips, double seconds) throws Exception {
        byte[] silence = new byte[(int) (0.7 * 32000)];
        long bytes = 0;
        int used = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(pcm), 1 << 16)) {
            for (int i = 0; bytes < seconds * 32000; i++, used++) {
                try (AudioInputStream in = AudioSystem.getAudioInputStream(clips.get(i % clips.size()).toFile())) {
                    bytes += in.transferTo(out);
                }
                out.write(silence);
                bytes += silence.length;
            }
        }
        return used;
    }

    /** CPU time of the whole process (JIT and GC included). */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "n/a";
        }
    }
}
