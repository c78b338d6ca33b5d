package ai.synapses.transcribe.intelligence;

import ai.synapses.transcribe.privacy.PiiRedactor;
import ai.synapses.transcribe.transcript.IntelligenceFeatures;
import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.SentenceSplitter;
import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import ai.synapses.transcribe.transcript.Utterance;
import ai.synapses.transcribe.transcript.Word;
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
 * redacted value can reach any field. The result is the transcript with the redacted {@code text},
 * {@code words} and {@code utterances} and the features asked for.
 */
@ApplicationScoped
public class TranscriptEnricher {

    private static final int HIGHLIGHTS = 10;

    private final SentenceSplitter sentences = new SentenceSplitter();
    private volatile Parts parts;

    /** The word lists and models, read once on first use (a job without features never pays for them). */
    private record Parts(EntityDetector entities, SentimentAnalyzer sentiment, KeyPhrases highlights,
            Summarizer summarizer) {
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

    /** The transcript with what {@code options} asked for: redaction first, then the text features. */
    public TranscriptionResult enrich(Transcript transcript, JobOptions options) {
        IntelligenceFeatures features = options.features();
        boolean wantEntities = on(features.entityDetectionEnabled());
        if (!options.redacts() && !on(features.sentimentAnalysisEnabled()) && !wantEntities
                && !on(features.autoHighlightsEnabled()) && !on(features.summarizationEnabled())) {
            return TranscriptionResult.of(transcript);
        }
        Parts p = parts();
        List<Word> original = transcript.words();
        List<String> originalTokens = original.stream().map(Word::text).toList();
        List<EntitySpan> entities = wantEntities || options.redacts() ? p.entities().detect(originalTokens) : List.of();

        List<Word> words = original;
        String text = transcript.text();
        List<Utterance> utterances = transcript.utterances();
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
            text = String.join(" ", words.stream().map(Word::text).toList());
            utterances = utterances(transcript, words, index);
            privacy = new TranscriptionResult.Redaction(true, options.privacy().piiPolicies(), substitution,
                    redaction.counts());
        }
        List<String> tokens = words.stream().map(Word::text).toList();
        List<SentenceSplitter.Span> spans = sentences.split(words);
        List<TranscriptionResult.SentenceSentiment> sentiments = null;
        if (on(features.sentimentAnalysisEnabled())) {
            sentiments = new ArrayList<>();
            for (SentenceSplitter.Span s : spans) {
                List<String> sentence = tokens.subList(s.first(), s.last() + 1);
                SentimentAnalyzer.Score score = p.sentiment().score(sentence);
                sentiments.add(new TranscriptionResult.SentenceSentiment(String.join(" ", sentence),
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
                found.add(new TranscriptionResult.Entity(e.type().jsonName(),
                        String.join(" ", tokens.subList(first, last + 1)), words.get(first).start(),
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
                results.add(new TranscriptionResult.Highlight(phrase.text(), phrase.count(), phrase.rank(), timestamps));
            }
            highlights = new TranscriptionResult.AutoHighlights(results, "success");
        }
        String summary = null;
        String summaryType = null;
        if (on(features.summarizationEnabled())) {
            summary = p.summarizer().summarize(tokens, spans);
            summaryType = "bullets";
        }
        return new TranscriptionResult(text, words, utterances, transcript.confidence(),
                transcript.audioDurationSeconds(), transcript.language(), privacy, sentiments, found, highlights,
                summary, summaryType);
    }

    private static boolean on(Boolean flag) {
        return Boolean.TRUE.equals(flag);
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
