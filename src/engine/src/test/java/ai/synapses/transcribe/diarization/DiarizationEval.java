package ai.synapses.transcribe.diarization;

import ai.synapses.transcribe.recognition.SpeechModels;
import ai.synapses.transcribe.recognition.SpeechRecognizer;
import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.Word;
import org.junit.jupiter.api.Assumptions;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mixes of {@code ../shared/eval/diarization} (system property {@code transcribe.eval.dir}) with
 * their ground truth ({@code truth.txt}), recognised once per JVM by the real engine, and the scoring:
 * each word's true speaker is the turn its middle falls in (or the nearest turn, for a word in a gap),
 * and predicted labels are mapped to true speakers by the best one-to-one assignment.
 */
final class DiarizationEval {

    record Turn(String speaker, long startMillis, long endMillis) {
    }

    record Score(int predictedSpeakers, int trueSpeakers, int words, int right) {
        double accuracy() {
            return words == 0 ? 0 : right / (double) words;
        }
    }

    private static final Pattern TURN = Pattern.compile("\\b([A-Z]) (\\d+\\.\\d+)-(\\d+\\.\\d+)");
    private static SpeechRecognizer engine;
    private static final Map<String, Transcript> RECOGNISED = new ConcurrentHashMap<>();

    private DiarizationEval() {
    }

    /** The diarization directory, or the test is skipped with a visible reason. */
    static Path dir() {
        String eval = System.getProperty("transcribe.eval.dir");
        Path dir = eval == null ? null : Path.of(eval, "diarization");
        if (dir == null || !Files.isRegularFile(dir.resolve("truth.txt"))) {
            String reason = "diarization eval tests skipped: ../shared/eval/diarization not found (transcribe.eval.dir=" + eval + ")";
            System.out.println("[diarization] " + reason); // surefire does not print assumption messages
            Assumptions.assumeTrue(false, reason);
        }
        return dir;
    }

    /** truth.txt: per file, its turns in time order. */
    static Map<String, List<Turn>> truth() throws IOException {
        Map<String, List<Turn>> truth = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir().resolve("truth.txt"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String file = line.trim().split("\\s+")[0];
            List<Turn> turns = new ArrayList<>();
            Matcher m = TURN.matcher(line);
            while (m.find()) {
                turns.add(new Turn(m.group(1), Math.round(Double.parseDouble(m.group(2)) * 1000),
                        Math.round(Double.parseDouble(m.group(3)) * 1000)));
            }
            truth.put(file, turns);
        }
        return truth;
    }

    /** The samples of a 16 kHz mono 16-bit WAV, written as raw PCM into {@code dir}. */
    static Path pcm(String file, Path tempDir) throws IOException {
        Path out = tempDir.resolve(file.replace(".wav", ".pcm"));
        if (Files.exists(out)) {
            return out;
        }
        try (AudioInputStream in = AudioSystem.getAudioInputStream(dir().resolve(file).toFile())) {
            AudioFormat f = in.getFormat();
            if (f.getSampleRate() != 16_000 || f.getChannels() != 1 || f.getSampleSizeInBits() != 16 || f.isBigEndian()) {
                throw new IOException(file + " is not 16 kHz mono 16-bit little-endian: " + f);
            }
            Files.write(out, in.readAllBytes());
        } catch (UnsupportedAudioFileException e) {
            throw new IOException(file, e);
        }
        return out;
    }

    static synchronized SpeechRecognizer engine() {
        if (engine == null) {
            engine = new SpeechRecognizer(new SpeechModels());
        }
        return engine;
    }

    /** The real engine's transcript of the file, once per JVM. */
    static Transcript recognised(String file, Path pcm) throws IOException {
        Transcript t = RECOGNISED.get(file);
        if (t == null) {
            t = engine().transcribe(pcm, "en");
            RECOGNISED.put(file, t);
        }
        return t;
    }

    static Score score(List<Word> words, List<Turn> turns) {
        List<String> predicted = words.stream().map(Word::speaker).distinct().toList();
        List<String> actual = turns.stream().map(Turn::speaker).distinct().toList();
        int[][] counts = new int[predicted.size()][actual.size()];
        for (Word word : words) {
            counts[predicted.indexOf(word.speaker())][actual.indexOf(truthOf(word, turns))]++;
        }
        int right = bestAssignment(counts, 0, new boolean[actual.size()]);
        return new Score(predicted.size(), actual.size(), words.size(), right);
    }

    static String truthOf(Word word, List<Turn> turns) {
        long middle = (word.start() + word.end()) / 2;
        Turn nearest = turns.get(0);
        long distance = Long.MAX_VALUE;
        for (Turn turn : turns) {
            long d = middle < turn.startMillis() ? turn.startMillis() - middle
                    : middle > turn.endMillis() ? middle - turn.endMillis() : 0;
            if (d < distance) {
                distance = d;
                nearest = turn;
            }
        }
        return nearest.speaker();
    }

    /** Most words right over one-to-one maps of predicted to true speakers (a predicted one may map to none). */
    private static int bestAssignment(int[][] counts, int row, boolean[] taken) {
        if (row == counts.length) {
            return 0;
        }
        int best = bestAssignment(counts, row + 1, taken); // this predicted speaker maps to no true one
        for (int col = 0; col < taken.length; col++) {
            if (!taken[col]) {
                taken[col] = true;
                best = Math.max(best, counts[row][col] + bestAssignment(counts, row + 1, taken));
                taken[col] = false;
            }
        }
        return best;
    }

    /** "A 0-16.4 B 16.9-27.9 ..." of the predicted labelling, turn by turn, for the printout. */
    static String turns(List<Word> words) {
        StringBuilder out = new StringBuilder();
        String speaker = null;
        for (Word word : words) {
            if (!word.speaker().equals(speaker)) {
                speaker = word.speaker();
                out.append(String.format(" %s@%.1f", speaker, word.start() / 1000.0));
            }
        }
        return out.toString().trim();
    }

    static Map<String, Long> wordsPerSpeaker(List<Word> words) {
        Map<String, Long> counts = new HashMap<>();
        words.forEach(w -> counts.merge(w.speaker(), 1L, Long::sum));
        return counts;
    }
}
