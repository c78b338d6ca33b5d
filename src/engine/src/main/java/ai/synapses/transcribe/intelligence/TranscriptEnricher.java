package ai.synapses.transcribe.intelligence;

import ai.synapses.transcribe.privacy.PiiRedactor;
import ai.synapses.transcribe.transcript.IntelligenceFeatures;
import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.SentenceSplitter;
import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import ai.synapses.transcribe.transcript.Utterance;
import ai.synapses.transcribe.transcript.Word;
import ai.synapses.transcribe.writing.TextFormatter;
import ai.synapses.transcribe.writing.WrittenText;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The text features of a job, after recognition: PII redaction first, then the written text
 * (punctuation, casing, numbers... unless the job turned them off), then sentiment per sentence,
 * entities, auto highlights and the summary, all computed from the redacted words so that no
 * redacted value can reach any field. The result is the transcript with the redacted, written
 * {@code text}, {@code words} and {@code utterances} and the features asked for.
 */
@ApplicationScoped
public class TranscriptEnricher {

    private static final int HIGHLIGHTS = 10;

    private final SentenceSplitter sentences = new SentenceSplitter();
    private volatile Parts parts;

    /** The word lists and models, read once on first use (a job without features never pays for them). */
    private record Parts(EntityDetector entities, SentimentAnalyzer sentiment, KeyPhrases highlights,
            Summarizer summarizer, TextFormatter formatter) {
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

    /**
     * The transcript with what {@code options} asked for: redaction first, then the written text (from the
     * redacted words, so no redacted value can come back through it), then the text features, whose texts
     * are taken from the written text.
     */
    public TranscriptionResult enrich(Transcript transcript, JobOptions options) {
        IntelligenceFeatures features = options.features();
        boolean wantEntities = on(features.entityDetectionEnabled());
        boolean writes = options.punctuates() || options.formatsText();
        if (!writes && !options.redacts() && !on(features.sentimentAnalysisEnabled()) && !wantEntities
                && !on(features.autoHighlightsEnabled()) && !on(features.summarizationEnabled())) {
            return TranscriptionResult.of(transcript);
        }
        Parts p = parts();
        List<Word> original = transcript.words();
        List<String> originalTokens = original.stream().map(Word::text).toList();
        List<EntitySpan> entities = wantEntities || options.redacts() ? p.entities().detect(originalTokens) : List.of();

        List<Word> words = original;
        TranscriptionResult.Redaction privacy = null;
        int[] index = new int[original.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        if (options.redacts()) {
            String substitution = Objects.requireNonNullElse(options.privacy().piiSubstitution(), "hash");
            PiiRedactor.Redaction redaction = PiiRedactor.redact(original, entities, options.privacy().piiPolicies(),
                    substitution);
            words = redaction.words();
            index = redaction.index();
            privacy = new TranscriptionResult.Redaction(true, options.privacy().piiPolicies(), substitution,
                    redaction.counts());
        }
        WrittenText written = writes ? p.formatter().format(words, options.punctuates(), options.formatsText())
                : null;
        if (written != null) {
            words = written.annotate(words);
        }
        String text = written != null ? written.text() : String.join(" ", words.stream().map(Word::text).toList());
        List<Utterance> utterances = utterances(transcript, words, index, written);
        List<String> tokens = words.stream().map(Word::text).toList();
        List<SentenceSplitter.Span> spans = written != null
                ? written.sentences().stream().map(s -> new SentenceSplitter.Span(s.first(), s.last())).toList()
                : sentences.split(words);
        List<TranscriptionResult.SentenceSentiment> sentiments = null;
        if (on(features.sentimentAnalysisEnabled())) {
            sentiments = new ArrayList<>();
            for (SentenceSplitter.Span s : spans) {
                List<String> sentence = tokens.subList(s.first(), s.last() + 1);
                SentimentAnalyzer.Score score = p.sentiment().score(sentence);
                sentiments.add(new TranscriptionResult.SentenceSentiment(
                        written != null ? written.of(s.first(), s.last()) : String.join(" ", sentence),
                        words.get(s.first()).start(), words.get(s.last()).end(), score.sentiment().name(),
                        score.confidence(), speaker(words, s)));
            }
        }
        List<TranscriptionResult.Entity> found = null;
        if (wantEntities) {
            found = new ArrayList<>();
            for (EntitySpan e : entities) {
                int first = index[e.first()];
                int last = index[e.last()];
                String value = written != null ? bare(written.of(first, last))
                        : String.join(" ", tokens.subList(first, last + 1));
                found.add(new TranscriptionResult.Entity(e.type().jsonName(), value, words.get(first).start(),
                        words.get(last).end()));
            }
        }
        TranscriptionResult.AutoHighlights highlights = null;
        if (on(features.autoHighlightsEnabled())) {
            List<TranscriptionResult.Highlight> results = new ArrayList<>();
            for (KeyPhrases.Phrase phrase : p.highlights().extract(tokens, HIGHLIGHTS)) {
                List<TranscriptionResult.Timestamp> timestamps = new ArrayList<>();
                for (int[] at : phrase.occurrences()) {
                    timestamps.add(new TranscriptionResult.Timestamp(words.get(at[0]).start(), words.get(at[1]).end()));
                }
                String value = written != null ? highlightText(written, phrase, spans) : phrase.text();
                results.add(new TranscriptionResult.Highlight(value, phrase.count(), phrase.rank(), timestamps));
            }
            highlights = new TranscriptionResult.AutoHighlights(results, "success");
        }
        String summary = null;
        String summaryType = null;
        if (on(features.summarizationEnabled())) {
            if (written != null) {
                StringBuilder bullets = new StringBuilder();
                for (SentenceSplitter.Span s : p.summarizer().choose(tokens, spans)) {
                    bullets.append(bullets.length() > 0 ? "\n" : "").append("- ").append(written.of(s.first(), s.last()));
                }
                summary = bullets.toString();
            } else {
                summary = p.summarizer().summarize(tokens, spans);
            }
            summaryType = "bullets";
        }
        return new TranscriptionResult(text, words, utterances, transcript.confidence(),
                transcript.audioDurationSeconds(), transcript.language(), privacy, sentiments, found, highlights,
                summary, summaryType);
    }

    private static boolean on(Boolean flag) {
        return Boolean.TRUE.equals(flag);
    }

    /** A written value without the punctuation that closes its clause ("Seattle." -> "Seattle"; "p.m." kept). */
    static String bare(String value) {
        String v = value;
        while (!v.isEmpty()) {
            char c = v.charAt(v.length() - 1);
            if (c == ',' || c == '?' || c == '!' || c == '.' && !v.matches("(?s).*(\\b[a-zA-Z]\\.)+")) {
                v = v.substring(0, v.length() - 1);
            } else {
                break;
            }
        }
        return v;
    }

    /**
     * A key phrase as written: where it is said inside a sentence if it ever is (its first word is then
     * cased as written, not as a sentence start), otherwise where it is first said.
     */
    private static String highlightText(WrittenText written, KeyPhrases.Phrase phrase, List<SentenceSplitter.Span> spans) {
        java.util.Set<Integer> starts = new java.util.HashSet<>();
        spans.forEach(s -> starts.add(s.first()));
        int[] chosen = phrase.occurrences().get(0);
        for (int[] at : phrase.occurrences()) {
            if (!starts.contains(at[0])) {
                chosen = at;
                break;
            }
        }
        return bare(written.of(chosen[0], chosen[1]));
    }

    /**
     * The utterances again from the (redacted, written) words: each redacted word goes where its first
     * original word was; with written text an utterance's text is the written tokens of its words.
     */
    private static List<Utterance> utterances(Transcript transcript, List<Word> words, int[] index,
            WrittenText written) {
        Map<Word, Integer> position = new HashMap<>();
        List<Word> original = transcript.words();
        for (int i = 0; i < original.size(); i++) {
            position.putIfAbsent(original.get(i), i);
        }
        List<Utterance> out = new ArrayList<>();
        boolean[] placed = new boolean[words.size()];
        for (Utterance u : transcript.utterances()) {
            List<Integer> mine = new ArrayList<>();
            for (Word w : u.words()) {
                Integer i = position.get(w);
                if (i != null && !placed[index[i]]) {
                    placed[index[i]] = true;
                    mine.add(index[i]);
                }
            }
            if (mine.isEmpty()) {
                continue;
            }
            List<Word> ws = mine.stream().map(words::get).toList();
            String text = written != null ? written.of(mine.get(0), mine.get(mine.size() - 1))
                    : String.join(" ", ws.stream().map(Word::text).toList());
            out.add(new Utterance(u.speaker(), text, ws.get(0).start(), ws.get(ws.size() - 1).end(), u.confidence(),
                    ws));
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
                    EntityDetector entities = new EntityDetector();
                    PartOfSpeech partOfSpeech = new PartOfSpeech();
                    p = new Parts(entities, new SentimentAnalyzer(), new KeyPhrases(partOfSpeech),
                            new Summarizer(), new TextFormatter(entities, partOfSpeech));
                    parts = p;
                }
            }
        }
        return p;
    }
}
