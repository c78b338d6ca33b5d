package ai.synapses.transcribe.bench.worker;

import ai.synapses.transcribe.decoding.AudioDecoders;
import ai.synapses.transcribe.processing.RecognizerWarmUp;
import ai.synapses.transcribe.decoding.DecodedAudio;
import ai.synapses.transcribe.decoding.DecodingOptions;
import ai.synapses.transcribe.recognition.RecognitionTuning;
import ai.synapses.transcribe.recognition.SpeechModels;
import ai.synapses.transcribe.recognition.SpeechRecognizer;
import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.recognition.WordErrorRate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Worker benchmark (issue 3, item 8). Every job goes through the worker's real path: {@link AudioDecoders}
 * on the WAV file (ffmpeg when installed, else the Java decoders), then {@link SpeechRecognizer}, timed
 * together. Prints, each figure with the 1-minute load average at the time:
 * <ol>
 *   <li>RTF of one short job (jfk.wav): the first job of the process (after the recogniser warm-up the worker
 *   does at start-up; {@code -Dbench.warm-up=false} measures truly cold recognisers) and warm (median of 5 more);</li>
 *   <li>WER per set over {@code refs.tsv};</li>
 *   <li>wall RTF of a ~10-minute file (eval clips joined by 1 s silences), default threads;</li>
 *   <li>throughput of two jobs at once (two different ~2-minute files): audio seconds per wall second.</li>
 * </ol>
 * System properties: {@code transcribe.eval.dir} (dir holding {@code speech/}, or the speech dir itself;
 * also the first argument), {@code bench.work.dir} (temp files; default a new temp dir, deleted at the end),
 * {@code bench.long.minutes} (10), {@code bench.pair.seconds} (120), {@code bench.warm.runs} (5),
 * {@code bench.budget.seconds} (1200: sections that would start after it are skipped),
 * {@code bench.decoder} ({@code auto} | {@code java}), {@code bench.threads} (default: one per core),
 * {@code bench.only} (sections to run, default {@code 1,2,3,4}), {@code bench.verbose} (ref/hyp of misrecognised files).
 */
public final class WorkerBench {

    static final int RATE = DecodedAudio.SAMPLE_RATE;
    static final double SHORT_RTF = 0.2, LONG_RTF = 0.12, SENTENCES_WER = 0.10;
    static final List<String> SETS = List.of("real-sentences", "real-digit-strings", "real-single-digits",
            "real-commands", "synthetic-espeak");

    record Ref(String file, String set, String text) { }
    record Run(double audioSeconds, double wallSeconds, String text, int chunks) {
        double rtf() { return wallSeconds / audioSeconds; }
    }

    private final Path speech;
    private final Path work;
    private final AudioDecoders decoders;
    private final SpeechRecognizer recognizer;
    private final long deadline;
    private final List<String> misses = new ArrayList<>();

    WorkerBench(Path speech, Path work, AudioDecoders decoders, SpeechRecognizer recognizer, long deadline) {
        this.speech = speech;
        this.work = work;
        this.decoders = decoders;
        this.recognizer = recognizer;
        this.deadline = deadline;
    }

    public static void main(String[] args) throws Exception {
        String evalProp = args.length > 0 ? args[0] : System.getProperty("transcribe.eval.dir", "../shared/eval");
        Path speech = Path.of(evalProp).toAbsolutePath().normalize();
        if (Files.isDirectory(speech.resolve("speech"))) {
            speech = speech.resolve("speech");
        }
        if (!Files.isRegularFile(speech.resolve("refs.tsv"))) {
            System.err.println("no refs.tsv under " + speech + " (pass the eval dir as argument or -Dtranscribe.eval.dir)");
            System.exit(2);
        }
        long budget = Long.getLong("bench.budget.seconds", 1200);
        long deadline = System.nanoTime() + budget * 1_000_000_000L;
        String workProp = System.getProperty("bench.work.dir");
        Path work = workProp != null ? Files.createDirectories(Path.of(workProp)) : Files.createTempDirectory("worker-bench");

        DecodingOptions d = DecodingOptions.defaults();
        d = new DecodingOptions(d.ffmpegEnabled(), d.ffmpegPath(), d.maxDownloadBytes(), d.maxDuration(),
                d.downloadTimeout(), d.decodeTimeout(), work);
        if ("java".equals(System.getProperty("bench.decoder", "auto"))) {
            d = d.withoutFfmpeg();
        }
        AudioDecoders decoders = new AudioDecoders(d);
        RecognitionTuning tuning = RecognitionTuning.defaults();
        if (System.getProperty("bench.threads") != null) {
            tuning = tuning.withThreads(Integer.getInteger("bench.threads"));
        }
        System.out.printf("# worker bench: eval %s; %d cores; recognizer threads %d; decoder %s; load %s%n",
                speech, Runtime.getRuntime().availableProcessors(), tuning.threads(),
                decoders.ffmpeg().map(f -> "ffmpeg").orElse("pure Java"), load());

        long t0 = System.nanoTime();
        try (SpeechModels models = new SpeechModels(); SpeechRecognizer recognizer = new SpeechRecognizer(models, tuning)) {
            models.model("en");
            System.out.printf("# model load %.2f s (load %s)%n", secs(t0), load());
            if (Boolean.parseBoolean(System.getProperty("bench.warm-up", "true"))) {
                long w0 = System.nanoTime();
                new RecognizerWarmUp(recognizer, decoders).warmUp();
                System.out.printf("# recogniser warm-up, as the worker does at start-up: %.2f s (load %s)%n", secs(w0), load());
            } else {
                System.out.println("# no recogniser warm-up (-Dbench.warm-up=false): the first job meets cold recognisers");
            }
            WorkerBench bench = new WorkerBench(speech, work, decoders, recognizer, deadline);
            bench.run();
        } finally {
            if (workProp == null) {
                deleteTree(work);
            }
        }
    }

    void run() throws Exception {
        List<Ref> refs = readRefs();
        String only = System.getProperty("bench.only", "1,2,3,4");
        if (only.contains("1")) shortJob();
        if (only.contains("2")) wer(refs);
        if (only.contains("3")) longFile(refs);
        if (only.contains("4")) twoAtOnce(refs);
        System.out.println();
        System.out.println(misses.isEmpty() ? "RESULT: all targets PASS" : "RESULT: MISS " + String.join(", ", misses));
    }

    // --- 1. one short job, cold and warm ---------------------------------------------------------

    void shortJob() throws Exception {
        header("1. short job RTF: jfk.wav, decode + recognise, wall / audio s");
        Path jfk = speech.resolve("jfk.wav");
        Run cold = job(jfk);
        String l = load();
        row("first job", String.format("%.1f s audio  %.2f s wall", cold.audioSeconds, cold.wallSeconds),
                String.format("RTF %.3f", cold.rtf()), verdict("short first job", cold.rtf(), SHORT_RTF), l);
        int n = Integer.getInteger("bench.warm.runs", 5);
        List<Double> rtfs = new ArrayList<>();
        for (int i = 0; i < n && !late(); i++) {
            rtfs.add(job(jfk).rtf());
        }
        l = load();
        if (rtfs.isEmpty()) {
            skipped("warm");
            return;
        }
        double median = median(rtfs);
        row("warm (median of " + rtfs.size() + ")", "runs " + rtfs.stream().map(r -> String.format("%.3f", r)).collect(Collectors.joining(" ")),
                String.format("RTF %.3f", median), verdict("short warm", median, SHORT_RTF), l);
    }

    // --- 2. WER per set ----------------------------------------------------------------------------

    void wer(List<Ref> refs) throws Exception {
        header("2. WER per set over refs.tsv (AudioDecoders -> recognizer)");
        Map<String, WordErrorRate> errors = new LinkedHashMap<>();
        Map<String, double[]> time = new LinkedHashMap<>(); // files, audio s, wall s
        List<String> sets = new ArrayList<>(SETS);
        refs.stream().map(Ref::set).distinct().filter(s -> !sets.contains(s)).forEach(sets::add);
        for (String s : sets) {
            errors.put(s, WordErrorRate.ZERO);
            time.put(s, new double[3]);
        }
        WordErrorRate all = WordErrorRate.ZERO;
        for (Ref ref : refs) {
            if (late()) {
                skipped("rest of the WER pass");
                break;
            }
            Run run = job(speech.resolve(ref.file));
            WordErrorRate w = WordErrorRate.count(ref.text, run.text);
            errors.merge(ref.set, w, WordErrorRate::plus);
            all = all.plus(w);
            double[] t = time.get(ref.set);
            t[0]++;
            t[1] += run.audioSeconds;
            t[2] += run.wallSeconds;
            if (Boolean.getBoolean("bench.verbose") && w.errors() > 0) {
                System.out.printf("    %-34s ref: %s%n    %-34s hyp: %s%n", ref.file, ref.text, "", run.text);
            }
        }
        String l = load();
        for (String s : sets) {
            WordErrorRate w = errors.get(s);
            double[] t = time.get(s);
            if (t[0] == 0) {
                row(s, "no files", "", "", l);
                continue;
            }
            String verdict = s.equals("real-sentences") ? verdict("real-sentences WER", w.rate(), SENTENCES_WER) : "(info)";
            row(s, String.format("%2.0f files %4d words %3d err  %5.1f s audio RTF %.3f", t[0], w.referenceWords(), w.errors(), t[1], t[2] / t[1]),
                    String.format("WER %.3f", w.rate()), verdict, l);
        }
        row("all sets", String.format("%d words %d errors", all.referenceWords(), all.errors()),
                String.format("WER %.3f", all.rate()), "(info)", l);
    }

    // --- 3. a ~10-minute file ----------------------------------------------------------------------

    void longFile(List<Ref> refs) throws Exception {
        double minutes = Double.parseDouble(System.getProperty("bench.long.minutes", "10"));
        header(String.format("3. long file: %.1f min of eval clips joined by 1 s silences, one job, %d threads",
                minutes, recognizer.tuning().threads()));
        if (late()) {
            skipped("long file");
            return;
        }
        StringBuilder ref = new StringBuilder();
        Path wav = buildWav("long.wav", minutes * 60, clips(refs), 0, ref);
        Run run = job(wav);
        String l = load();
        row("long file", String.format("%.1f s audio  %.1f s wall  %d chunks  WER %.3f", run.audioSeconds,
                        run.wallSeconds, run.chunks, WordErrorRate.of(ref.toString(), run.text)),
                String.format("RTF %.3f", run.rtf()), verdict("long RTF", run.rtf(), LONG_RTF), l);
        Files.deleteIfExists(wav);
    }

    // --- 4. two jobs at once -----------------------------------------------------------------------

    void twoAtOnce(List<Ref> refs) throws Exception {
        double seconds = Double.parseDouble(System.getProperty("bench.pair.seconds", "120"));
        header(String.format("4. two jobs at once: two different %.0f s files, one thread each calling decode + recognise", seconds));
        if (late()) {
            skipped("two jobs at once");
            return;
        }
        List<Ref> clips = clips(refs);
        Path a = buildWav("pair-a.wav", seconds, clips, 0, new StringBuilder());
        Path b = buildWav("pair-b.wav", seconds, clips, clips.size() / 2, new StringBuilder());
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            long start = System.nanoTime();
            Future<Run> fa = callers.submit(() -> job(a));
            Future<Run> fb = callers.submit(() -> job(b));
            Run ra = fa.get(), rb = fb.get();
            double wall = secs(start);
            String l = load();
            double audio = ra.audioSeconds + rb.audioSeconds;
            row("two jobs", String.format("%.1f s audio  %.1f s wall  (job RTFs %.3f, %.3f)", audio, wall, ra.rtf(), rb.rtf()),
                    String.format("%.2f audio s / wall s", audio / wall), "(info)", l);
        } finally {
            callers.shutdownNow();
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** The worker's path: decode the file to PCM, recognise, delete the PCM. Timed from the file to the transcript. */
    Run job(Path file) throws Exception {
        long start = System.nanoTime();
        try (DecodedAudio pcm = decoders.decode(file)) {
            Transcript t = recognizer.transcribe(pcm.pcm(), "en");
            double wall = secs(start);
            int chunks = pcm.durationSeconds() > 40 ? recognizer.plan(pcm.pcm()).size() : 1;
            return new Run(pcm.durationSeconds(), wall, t.text(), chunks);
        }
    }

    /** Clips for the long files: every set but the single digits (too short to matter), in refs.tsv order. */
    static List<Ref> clips(List<Ref> refs) {
        return refs.stream().filter(r -> !r.set.equals("real-single-digits")).toList();
    }

    /**
     * A 16 kHz mono WAV of at least {@code seconds}: the clips, each decoded by the real decoders, from
     * {@code offset} round the list, each followed by 1 s of silence. Appends the references to {@code ref}.
     */
    Path buildWav(String name, double seconds, List<Ref> clips, int offset, StringBuilder ref) throws Exception {
        Path wav = work.resolve(name);
        byte[] silence = new byte[RATE * 2];
        long dataBytes = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(wav), 1 << 16)) {
            out.write(new byte[44]);
            for (int i = offset; dataBytes < seconds * RATE * 2; i++) {
                Ref clip = clips.get(i % clips.size());
                try (DecodedAudio pcm = decoders.decode(speech.resolve(clip.file)); InputStream in = pcm.open()) {
                    dataBytes += in.transferTo(out);
                }
                out.write(silence);
                dataBytes += silence.length;
                ref.append(clip.text).append(' ');
            }
        }
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x46464952).putInt((int) (36 + dataBytes)).putInt(0x45564157)          // RIFF, size, WAVE
                .putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1)  // fmt, PCM, mono
                .putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16)
                .putInt(0x61746164).putInt((int) dataBytes);                            // data
        try (RandomAccessFile f = new RandomAccessFile(wav.toFile(), "rw")) {
            f.write(h.array());
        }
        return wav;
    }

    List<Ref> readRefs() throws IOException {
        List<Ref> refs = new ArrayList<>();
        for (String line : Files.readAllLines(speech.resolve("refs.tsv"))) {
            String[] c = line.split("\t");
            if (c.length >= 3 && !c[0].equals("file") && !line.isBlank()) {
                refs.add(new Ref(c[0].trim(), c[1].trim(), c[2].trim()));
            }
        }
        return refs;
    }

    String verdict(String name, double value, double target) {
        if (value <= target) {
            return String.format("PASS (<= %.2f)", target);
        }
        misses.add(name);
        return String.format("MISS (> %.2f)", target);
    }

    boolean late() {
        return System.nanoTime() > deadline;
    }

    void skipped(String what) {
        misses.add(what + " not measured");
        System.out.printf("  %-22s SKIPPED: time budget spent (load %s)%n", what, load());
    }

    static void header(String title) {
        System.out.println();
        System.out.println(title);
    }

    static void row(String name, String detail, String figure, String verdict, String load) {
        System.out.printf("  %-22s %-66s %-24s %-16s load %s%n", name, detail, figure, verdict, load);
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static double median(List<Double> values) {
        List<Double> s = values.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the script removes its work dir anyway
        }
    }
}
