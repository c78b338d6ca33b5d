package ai.synapses.transcribe.writing;

import ai.synapses.transcribe.transcript.Word;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The formatter measured on two written-text sets, both written before the rules were tuned: the tuning set
 * ({@code written-text-eval.txt}) and the held-out set ({@code written-text-heldout.txt}, never tuned on): punctuation F1, casing accuracy and the WER of the written text against the
 * written references, printed, and held just below what was measured (docs/written-text.md). The raw words
 * are measured the same way, so the figures say what the formatter adds.
 */
class WrittenTextEvalTest {

    private static final TextFormatter FORMATTER = new TextFormatter();
    static final long SHORT_PAUSE = 350;
    static final long LONG_PAUSE = 900;

    /** One case: the recogniser's words with their times, and the written reference. */
    record Case(List<Word> words, String reference) {
    }

    /** The set the rules were tuned on. */
    @Test
    void tuningSet() throws IOException {
        WrittenTextMetrics written = measure("written-text-eval.txt");
        // measured 1.000, 1.000, 0.000 (docs/written-text.md)
        assertTrue(written.punctuationF1() >= 0.99, "punctuation F1 " + written.punctuationF1());
        assertTrue(written.casingAccuracy() >= 0.99, "casing accuracy " + written.casingAccuracy());
        assertTrue(written.formattedWer() <= 0.01, "formatted WER " + written.formattedWer());
    }

    /** The held-out set, never tuned on: the figures the docs quote. */
    @Test
    void heldOutSet() throws IOException {
        WrittenTextMetrics written = measure("written-text-heldout.txt");
        // measured 0.927, 0.994, 0.038 (docs/written-text.md)
        assertTrue(written.punctuationF1() >= 0.92, "punctuation F1 " + written.punctuationF1());
        assertTrue(written.casingAccuracy() >= 0.99, "casing accuracy " + written.casingAccuracy());
        assertTrue(written.formattedWer() <= 0.04, "formatted WER " + written.formattedWer());
    }

    private static WrittenTextMetrics measure(String resource) throws IOException {
        WrittenTextMetrics written = new WrittenTextMetrics();
        WrittenTextMetrics raw = new WrittenTextMetrics();
        List<Case> cases = cases(resource);
        assertTrue(cases.size() >= 40, "the set has its cases");
        int exact = 0;
        for (Case c : cases) {
            String text = FORMATTER.format(c.words(), true, true).text();
            written.add(text, c.reference());
            raw.add(String.join(" ", c.words().stream().map(Word::text).toList()), c.reference());
            if (text.equals(c.reference())) {
                exact++;
            } else {
                System.out.println("  got: " + text + "\n want: " + c.reference());
            }
        }
        System.out.printf(Locale.ROOT, "%s, %d cases (%d exactly right): punctuation F1 %.3f (precision %.3f,"
                + " recall %.3f), casing accuracy %.3f, formatted WER %.3f%n", resource, cases.size(), exact,
                written.punctuationF1(), written.punctuationPrecision(), written.punctuationRecall(),
                written.casingAccuracy(), written.formattedWer());
        System.out.printf(Locale.ROOT, "%s, the raw words: punctuation F1 %.3f, casing accuracy %.3f, formatted WER"
                + " %.3f%n", resource, raw.punctuationF1(), raw.casingAccuracy(), raw.formattedWer());
        return written;
    }

    /** The cases of the set, timed as a recogniser times them. */
    static List<Case> cases(String resource) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = WrittenTextEvalTest.class.getResourceAsStream(resource)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            String spoken = null;
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("= ")) {
                    cases.add(new Case(timed(spoken), line.substring(2).strip()));
                    spoken = null;
                } else {
                    spoken = line.strip();
                }
            }
        }
        return cases;
    }

    /**
     * Words timed like a recogniser's: about 70 ms a letter plus 100 ms, 40-60 ms between words, and the
     * pauses the line marks ("/" short, "//" long).
     */
    static List<Word> timed(String spoken) {
        List<Word> words = new ArrayList<>();
        long at = 300;
        long gap = 0;
        int k = 0;
        for (String part : spoken.split("\\s+")) {
            if (part.equals("/")) {
                gap = SHORT_PAUSE;
                continue;
            }
            if (part.equals("//")) {
                gap = LONG_PAUSE;
                continue;
            }
            at += gap;
            long length = 100 + 70L * part.length();
            words.add(new Word(part, at, at + length, 1.0));
            at += length;
            gap = 40 + (k++ * 7) % 21;
        }
        return words;
    }
}
