package ai.synapses.transcribe.intelligence;

import ai.synapses.transcribe.decoding.AudioDecoders;
import ai.synapses.transcribe.decoding.DecodedAudio;
import ai.synapses.transcribe.decoding.DecodingOptions;
import ai.synapses.transcribe.recognition.RecognitionTuning;
import ai.synapses.transcribe.recognition.SpeechModels;
import ai.synapses.transcribe.recognition.SpeechRecognizer;
import ai.synapses.transcribe.transcript.IntelligenceFeatures;
import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.PiiPolicies;
import ai.synapses.transcribe.transcript.PrivacySettings;
import ai.synapses.transcribe.transcript.Transcript;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cost of the text features (bench/intelligence-bench.sh): a ~10-minute recording made of the
 * eval clips is recognised by the real engine, then redaction, sentiment, entities, highlights and
 * summary run on its transcript (cold: first job of a worker, lists and model read; warm: the median
 * of five), as a share of the recognition time. The same on a PII-dense 10-minute conversation (the
 * labelled snippets, cycled, with synthetic times) whose size does not depend on the recogniser.
 * {@code transcribe <wav>} prints what the engine hears in one file (used to check a test clip).
 */
public final class IntelligenceBench {

    static final double TARGET = 0.05;

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("transcribe")) {
            try (SpeechModels models = new SpeechModels(); SpeechRecognizer recognizer = new SpeechRecognizer(models);
                    DecodedAudio pcm = new AudioDecoders(DecodingOptions.defaults()).decode(Path.of(args[1]))) {
                System.out.println(recognizer.transcribe(pcm.pcm(), "en").text());
            }
            return;
        }
        Path speech = Path.of(args.length > 0 ? args[0] : "../shared/eval", "speech");
        double minutes = Double.parseDouble(System.getProperty("bench.minutes", "10"));
        ObjectMapper json = new ObjectMapper();
        JobOptions everything = new JobOptions(null,
                new IntelligenceFeatures(true, true, true, true), new PrivacySettings(true, PiiPolicies.ALL, "hash"), null);
        if (System.getProperty("bench.recognition.seconds") != null) {
            // the text features only, against a recognition time measured before (quick iterations)
            double recognition = Double.parseDouble(System.getProperty("bench.recognition.seconds"));
            Transcript conversation = conversation(minutes * 60);
            boolean pass = measure("PII-dense conversation", json, conversation, everything, recognition);
            if (Boolean.getBoolean("bench.verbose")) {
                System.out.println(new TranscriptEnricher().enrich(conversation, everything).summary());
            }
            System.out.println(pass ? "RESULT: PASS" : "RESULT: MISS");
            return;
        }
        Path work = Files.createTempDirectory("intelligence-bench");
        try {
            AudioDecoders decoders = new AudioDecoders(DecodingOptions.defaults());
            Path wav = buildWav(decoders, speech, work.resolve("long.wav"), minutes * 60);
            Transcript transcript;
            double recognition;
            try (SpeechModels models = new SpeechModels();
                    SpeechRecognizer recognizer = new SpeechRecognizer(models, RecognitionTuning.defaults())) {
                models.model("en");
                try (DecodedAudio pcm = decoders.decode(wav)) {
                    long start = System.nanoTime();
                    transcript = recognizer.transcribe(pcm.pcm(), "en");
                    recognition = (System.nanoTime() - start) / 1e9;
                }
            }
            System.out.printf("# %d cores; %.1f s of audio (eval clips joined by 1 s silences), %d words recognised in %.1f s"
                    + " (real-time factor %.3f)%n", Runtime.getRuntime().availableProcessors(),
                    transcript.audioDurationSeconds(), transcript.words().size(), recognition,
                    recognition / transcript.audioDurationSeconds());
            boolean pass = true;
            pass &= measure("recognised eval clips", json, transcript, everything, recognition);
            pass &= measure("PII-dense conversation", json, conversation(transcript.audioDurationSeconds()), everything,
                    recognition);
            System.out.println(pass ? "RESULT: text features under 5% of recognition: PASS" : "RESULT: MISS");
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean measure(String name, ObjectMapper json, Transcript transcript,
            JobOptions options, double recognition) throws Exception {
        TranscriptEnricher enricher = new TranscriptEnricher();
        long start = System.nanoTime();
        String first = json.writeValueAsString(enricher.enrich(transcript, options));
        double cold = (System.nanoTime() - start) / 1e9;
        double[] warm = new double[5];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            json.writeValueAsString(enricher.enrich(transcript, options));
            warm[i] = (System.nanoTime() - t) / 1e9;
        }
        Arrays.sort(warm);
        double median = warm[warm.length / 2];
        var node = json.readTree(first);
        System.out.printf("%-24s %5d words: cold %.3f s (%.2f%% of recognition), warm %.3f s (%.2f%%); %d sentences, "
                        + "%d entities, %d highlights, %d redactions, %d summary bullets%n",
                name, transcript.words().size(), cold, 100 * cold / recognition, median, 100 * median / recognition,
                node.path("sentiment_analysis_results").size(), node.path("entities").size(),
                node.path("auto_highlights").path("results").size(),
                sum(node.path("privacy_settings").path("redactions")),
                node.path("summary").asText().lines().count());
        return cold < TARGET * recognition;
    }

    private static int sum(com.fasterxml.jackson.databind.JsonNode counts) {
        int total = 0;
        for (var c : counts) {
            total += c.asInt();
        }
        return total;
    }

    /** The labelled snippets, cycled to the length of the recording at 150 words a minute, 800 ms between snippets. */
    static Transcript conversation(double seconds) {
        List<ai.synapses.transcribe.transcript.Word> words = new ArrayList<>();
        List<LabelledSet.Snippet> snippets = LabelledSet.entities();
        long t = 0;
        for (int i = 0; words.size() < seconds / 60 * 150; i++) {
            for (String token : snippets.get(i % snippets.size()).tokens()) {
                words.add(new ai.synapses.transcribe.transcript.Word(token, t, t + 300, 0.9, i % 2 == 0 ? "A" : "B"));
                t += 400;
            }
            t += 800;
        }
        String text = String.join(" ", words.stream().map(ai.synapses.transcribe.transcript.Word::text).toList());
        return new Transcript(text, words, List.of(new ai.synapses.transcribe.transcript.Utterance(null, text, 0, t,
                0.9, words)), 0.9, t / 1000.0, "en");
    }

    /** At least {@code seconds} of the eval clips (refs.tsv order, single digits left out), each followed by 1 s of silence. */
    static Path buildWav(AudioDecoders decoders, Path speech, Path wav, double seconds) throws Exception {
        List<String> clips = new ArrayList<>();
        for (String line : Files.readAllLines(speech.resolve("refs.tsv"))) {
            String[] c = line.split("\t");
            if (c.length >= 3 && !c[1].trim().equals("real-single-digits") && !c[0].equals("file")) {
                clips.add(c[0].trim());
            }
        }
        int rate = DecodedAudio.SAMPLE_RATE;
        byte[] silence = new byte[rate * 2];
        long dataBytes = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(wav), 1 << 16)) {
            out.write(new byte[44]);
            for (int i = 0; dataBytes < seconds * rate * 2; i++) {
                try (DecodedAudio pcm = decoders.decode(speech.resolve(clips.get(i % clips.size())));
                        InputStream in = pcm.open()) {
                    dataBytes += in.transferTo(out);
                }
                out.write(silence);
                dataBytes += silence.length;
            }
        }
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0x46464952).putInt((int) (36 + dataBytes)).putInt(0x45564157)
                .putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .putInt(0x61746164).putInt((int) dataBytes);
        try (RandomAccessFile f = new RandomAccessFile(wav.toFile(), "rw")) {
            f.write(h.array());
        }
        return wav;
    }
}
