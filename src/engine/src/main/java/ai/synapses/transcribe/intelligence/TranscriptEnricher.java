package ai.synapses.transcribe.intelligence;

import ai.synapses.transcribe.job.TranscriptionRequest.IntelligenceFeatures;
import ai.synapses.transcribe.job.TranscriptionRequest.PrivacySettings;
import ai.synapses.transcribe.json.Json;
import ai.synapses.transcribe.privacy.PiiRedactor;
import ai.synapses.transcribe.recognition.Transcript;
import ai.synapses.transcribe.recognition.Utterance;
import ai.synapses.transcribe.recognition.Word;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The text features of a job, after recognition: PII redaction first, then sentiment per sentence,
 * entities, auto highlights and the summary, all computed from the redacted words so that no
 * redacted value can reach any field. The result is the transcript's JSON with the redacted
 * {@code text}, {@code words} and {@code utterances} and the features' fields added (names as
 * AssemblyAI's); fields it does not know (added by other stages) pass through untouched.
 */
@ApplicationScoped
public class TranscriptEnricher {

    /** What the job asked for: the request's {@code intelligence_features} and {@code privacy_settings}, defaults filled in. */
    public record Options(IntelligenceFeatures features, PrivacySettings privacy) {

        public static final Options NONE = new Options(new IntelligenceFeatures(false, false, false, false),
                new PrivacySettings(false, List.of(), null));

        boolean any() {
            return redaction() || on(features.sentimentAnalysisEnabled()) || on(features.entityDetectionEnabled())
                    || on(features.autoHighlightsEnabled()) || on(features.summarizationEnabled());
        }

        boolean redaction() {
            return on(privacy.piiRedactionEnabled()) && privacy.piiPolicies() != null && !privacy.piiPolicies().isEmpty();
        }

        static boolean on(Boolean flag) {
            return Boolean.TRUE.equals(flag);
        }
    }

    private static final int HIGHLIGHTS = 10;

    private final ObjectMapper json;
    private final SentenceSplitter sentences = new SentenceSplitter();
    private volatile Parts parts;

    /** The word lists and models, read once on first use (a job without features never pays for them). */
    private record Parts(EntityDetector entities, SentimentAnalyzer sentiment, KeyPhrases highlights,
            Summarizer summarizer) {
    }

    public TranscriptEnricher(ObjectMapper json) {
        this.json = json;
    }

    /** Reads the job's stored options (JSON with {@code intelligence_features} and {@code privacy_settings}). */
    public Options options(String optionsJson) {
        if (optionsJson == null) {
            return Options.NONE;
        }
        String corrupt = "stored options of a job are corrupt";
        JsonNode node = Json.tree(json, optionsJson, corrupt);
        IntelligenceFeatures features = node.hasNonNull("intelligence_features")
                ? Json.read(json, node.get("intelligence_features"), IntelligenceFeatures.class, corrupt)
                : Options.NONE.features();
        PrivacySettings privacy = node.hasNonNull("privacy_settings")
                ? Json.read(json, node.get("privacy_settings"), PrivacySettings.class, corrupt)
                : Options.NONE.privacy();
        return new Options(features, privacy);
    }

    /** Loads the word lists and the part-of-speech model now. */
    public void warmUp() {
        parts();
    }

    /**
     * A worker reads them at start, beside the start-up rather than in it (about a second of one core,
     * in Lambda's init phase), so its first job does not pay for them; a job that comes sooner waits
     * for the same load, never does it twice.
     */
    void warmUpAtStart(@Observes StartupEvent event) {
        Thread loader = new Thread(this::warmUp, "enrichment-warm-up");
        loader.setDaemon(true);
        loader.setPriority(Thread.MIN_PRIORITY);
        loader.start();
    }

    public ObjectNode enrich(Transcript transcript, Options options) {
        ObjectNode out = json.valueToTree(transcript);
        if (!options.any()) {
            return out;
        }
        Parts p = parts();
        List<Word> original = transcript.words();
        List<String> originalTokens = original.stream().map(Word::text).toList();
        boolean wantEntities = Options.on(options.features().entityDetectionEnabled());
        List<EntitySpan> entities = wantEntities || options.redaction() ? p.entities().detect(originalTokens) : List.of();

        List<Word> words = original;
        int[] index = new int[original.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        if (options.redaction()) {
            String substitution = Objects.requireNonNullElse(options.privacy().piiSubstitution(), "hash");
            PiiRedactor.Redaction redaction = PiiRedactor.redact(original, entities, options.privacy().piiPolicies(),
                    substitution);
            words = redaction.words();
            index = redaction.index();
            out.put("text", String.join(" ", words.stream().map(Word::text).toList()));
            out.set("words", json.valueToTree(words));
            out.set("utterances", json.valueToTree(utterances(transcript, words, index)));
            ObjectNode privacy = out.putObject("privacy_settings");
            privacy.put("pii_redaction_enabled", true);
            privacy.set("pii_policies", json.valueToTree(options.privacy().piiPolicies()));
            privacy.put("pii_substitution", substitution);
            privacy.set("redactions", json.valueToTree(redaction.counts()));
        }
        List<String> tokens = words.stream().map(Word::text).toList();
        List<SentenceSplitter.Span> spans = sentences.split(words);
        if (Options.on(options.features().sentimentAnalysisEnabled())) {
            ArrayNode results = out.putArray("sentiment_analysis_results");
            for (SentenceSplitter.Span s : spans) {
                List<String> sentence = tokens.subList(s.first(), s.last() + 1);
                SentimentAnalyzer.Score score = p.sentiment().score(sentence);
                ObjectNode r = results.addObject();
                r.put("text", String.join(" ", sentence));
                r.put("start", words.get(s.first()).start());
                r.put("end", words.get(s.last()).end());
                r.put("sentiment", score.sentiment().name());
                r.put("confidence", score.confidence());
                String speaker = speaker(words, s);
                if (speaker != null) {
                    r.put("speaker", speaker);
                }
            }
        }
        if (wantEntities) {
            ArrayNode results = out.putArray("entities");
            for (EntitySpan e : entities) {
                int first = index[e.first()];
                int last = index[e.last()];
                ObjectNode r = results.addObject();
                r.put("entity_type", e.type().jsonName());
                r.put("text", String.join(" ", tokens.subList(first, last + 1)));
                r.put("start", words.get(first).start());
                r.put("end", words.get(last).end());
            }
        }
        if (Options.on(options.features().autoHighlightsEnabled())) {
            ObjectNode highlights = out.putObject("auto_highlights");
            ArrayNode results = highlights.putArray("results");
            highlights.put("status", "success");
            for (KeyPhrases.Phrase phrase : p.highlights().extract(tokens, HIGHLIGHTS)) {
                ObjectNode r = results.addObject();
                r.put("text", phrase.text());
                r.put("count", phrase.count());
                r.put("rank", phrase.rank());
                ArrayNode timestamps = r.putArray("timestamps");
                for (int[] at : phrase.occurrences()) {
                    timestamps.addObject().put("start", words.get(at[0]).start()).put("end", words.get(at[1]).end());
                }
            }
        }
        if (Options.on(options.features().summarizationEnabled())) {
            out.put("summary", p.summarizer().summarize(tokens, spans));
            out.put("summary_type", "bullets");
        }
        return out;
    }

    /** The utterances again, from the redacted words: each redacted word goes where its first original word was. */
    private static List<Utterance> utterances(Transcript transcript, List<Word> words, int[] index) {
        Map<Word, Integer> position = new HashMap<>();
        List<Word> original = transcript.words();
        for (int i = 0; i < original.size(); i++) {
            position.putIfAbsent(original.get(i), i);
        }
        List<Utterance> out = new ArrayList<>();
        boolean[] placed = new boolean[words.size()];
        for (Utterance u : transcript.utterances()) {
            Map<Integer, Word> mine = new LinkedHashMap<>();
            for (Word w : u.words()) {
                Integer i = position.get(w);
                if (i != null && !placed[index[i]]) {
                    placed[index[i]] = true;
                    mine.put(index[i], words.get(index[i]));
                }
            }
            if (mine.isEmpty()) {
                continue;
            }
            List<Word> ws = List.copyOf(mine.values());
            out.add(new Utterance(u.speaker(), String.join(" ", ws.stream().map(Word::text).toList()),
                    ws.get(0).start(), ws.get(ws.size() - 1).end(), u.confidence(), ws));
        }
        return out;
    }

    /** The speaker most of the sentence's words have (diarization labels words; null without it). */
    private static String speaker(List<Word> words, SentenceSplitter.Span s) {
        Map<String, Integer> votes = new HashMap<>();
        for (int i = s.first(); i <= s.last(); i++) {
            if (words.get(i).speaker() != null) {
                votes.merge(words.get(i).speaker(), 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private Parts parts() {
        Parts p = parts;
        if (p == null) {
            synchronized (this) {
                p = parts;
                if (p == null) {
                    p = new Parts(new EntityDetector(), new SentimentAnalyzer(), new KeyPhrases(new PartOfSpeech()),
                            new Summarizer());
                    parts = p;
                }
            }
        }
        return p;
    }
}
