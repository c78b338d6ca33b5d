package ai.synapses.transcribe.intelligence;

import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.Utterance;
import ai.synapses.transcribe.transcript.Word;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The labelled snippets of {@code intelligence/entities.txt}: tokens and the entities marked {@code [type: words]}. */
public final class LabelledSet {

    public record Snippet(String line, List<String> tokens, List<EntitySpan> entities) {
        public String text() {
            return String.join(" ", tokens);
        }

        public List<String> value(EntitySpan e) {
            return tokens.subList(e.first(), e.last() + 1);
        }
    }

    private static final Pattern LABEL = Pattern.compile("\\[([a-z_]+): ([^\\]]+)]");

    private LabelledSet() {
    }

    public static List<Snippet> entities() {
        return snippets("/intelligence/entities.txt");
    }

    /** Written after the rules were finished; reported, not tuned on. */
    public static List<Snippet> heldOut() {
        return snippets("/intelligence/entities-heldout.txt");
    }

    private static List<Snippet> snippets(String resource) {
        List<Snippet> out = new ArrayList<>();
        for (String line : lines(resource)) {
            List<String> tokens = new ArrayList<>();
            List<EntitySpan> entities = new ArrayList<>();
            Matcher m = LABEL.matcher(line);
            int at = 0;
            while (m.find()) {
                addTokens(line.substring(at, m.start()), tokens);
                int first = tokens.size();
                addTokens(m.group(2), tokens);
                entities.add(new EntitySpan(EntityType.ofJsonName(m.group(1)), first, tokens.size() - 1));
                at = m.end();
            }
            addTokens(line.substring(at), tokens);
            out.add(new Snippet(line, tokens, entities));
        }
        return out;
    }

    /** {@code [label, sentence]} pairs of {@code intelligence/sentiment.tsv}. */
    public static List<String[]> sentiment() {
        return lines("/intelligence/sentiment.tsv").stream().map(l -> l.split("\t")).toList();
    }

    /** A transcript of the tokens as the recogniser would give it: 300 ms words, 100 ms apart. */
    public static Transcript transcript(List<String> tokens) {
        List<Word> words = new ArrayList<>();
        long t = 0;
        for (String token : tokens) {
            words.add(new Word(token, t, t + 300, 0.9));
            t += 400;
        }
        List<Utterance> utterances = words.isEmpty() ? List.of()
                : List.of(new Utterance(null, String.join(" ", tokens), 0, t - 100, 0.9, words));
        return new Transcript(String.join(" ", tokens), words, utterances, 0.9, t / 1000.0, "en");
    }

    private static void addTokens(String text, List<String> tokens) {
        for (String token : text.trim().split("\\s+")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
    }

    private static List<String> lines(String resource) {
        try (InputStream in = LabelledSet.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
