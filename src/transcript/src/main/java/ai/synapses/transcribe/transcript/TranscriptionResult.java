package ai.synapses.transcribe.transcript;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/**
 * What a completed job produced, as stored and as its status shows it: the transcript (redacted when the job
 * asked for it) and the text features it asked for; a feature not asked for is null and left out. Names and
 * shapes are AssemblyAI's where it has the feature. {@code openapi.yaml} declares exactly these fields.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TranscriptionResult(String text, List<Word> words, List<Utterance> utterances, double confidence,
        double audioDurationSeconds, String language, Redaction privacySettings,
        List<SentenceSentiment> sentimentAnalysisResults, List<Entity> entities, AutoHighlights autoHighlights,
        String summary, String summaryType) {

    /** The transcript alone, without any text feature. */
    public static TranscriptionResult of(Transcript transcript) {
        return new TranscriptionResult(transcript.text(), transcript.words(), transcript.utterances(),
                transcript.confidence(), transcript.audioDurationSeconds(), transcript.language(), null, null, null,
                null, null, null);
    }

    /** The privacy settings applied, and how many values each policy redacted. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Redaction(Boolean piiRedactionEnabled, List<String> piiPolicies, String piiSubstitution,
            Map<String, Integer> redactions) {
    }

    /** One sentence's sentiment ({@code POSITIVE}, {@code NEUTRAL}, {@code NEGATIVE}); its speaker with diarization. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SentenceSentiment(String text, long start, long end, String sentiment, double confidence,
            String speaker) {
    }

    /** A detected entity: its type (AssemblyAI's names), words and times. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entity(String entityType, String text, long start, long end) {
    }

    /** The key phrases, best first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AutoHighlights(List<Highlight> results, String status) {
    }

    /** A key phrase, how often it was said and where. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Highlight(String text, int count, double rank, List<Timestamp> timestamps) {
    }

    /** Where something was said, in milliseconds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Timestamp(long start, long end) {
    }
}
