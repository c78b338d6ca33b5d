package ai.synapses.transcribe.job;

import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.transcript.Passage;
import ai.synapses.transcribe.transcript.Passages;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import ai.synapses.transcribe.transcript.Word;
import ai.synapses.transcribe.transcript.WordSearch;
import ai.synapses.transcribe.transcript.WordText;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Objects;

/**
 * A completed transcript read another way: its sentences, its paragraphs, where words were said. Built from the
 * stored words, as the status shows them (redacted when the job redacted: a redacted value is found nowhere). The
 * status route's rules: another organisation's job is not found; a job not completed is a conflict; a transcript
 * deleted is gone.
 */
@ApplicationScoped
public class TranscriptReading {

    /** At most this many terms in one word search. */
    static final int MAX_TERMS = 50;
    /** A term's longest: characters and words. */
    static final int MAX_TERM_LENGTH = 100;
    static final int MAX_TERM_WORDS = 10;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sentences(String transcriptionId, List<Passage> sentences, double confidence,
            double audioDurationSeconds) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Paragraphs(String transcriptionId, List<Passage> paragraphs, double confidence,
            double audioDurationSeconds) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WordMatches(String transcriptionId, int totalCount, List<WordSearch.Match> matches) {
    }

    private final TranscriptionStore store;
    private final Passages passages = new Passages();

    public TranscriptReading(TranscriptionStore store) {
        this.store = store;
    }

    public Uni<Sentences> sentences(String organizationId, String transcriptionId) {
        return completed(organizationId, transcriptionId).map(job -> new Sentences(job.id,
                passages.sentences(words(job.result)), job.result.confidence(), job.result.audioDurationSeconds()));
    }

    public Uni<Paragraphs> paragraphs(String organizationId, String transcriptionId) {
        return completed(organizationId, transcriptionId).map(job -> new Paragraphs(job.id,
                passages.paragraphs(words(job.result)), job.result.confidence(), job.result.audioDurationSeconds()));
    }

    /**
     * Where each term was said. {@code terms} are the {@code words} parameter's comma-separated values (null when it
     * is absent); refused before anything is read when missing, empty, too many or too long.
     */
    public Uni<WordMatches> searchWords(String organizationId, String transcriptionId, List<String> terms) {
        validateTerms(terms);
        return completed(organizationId, transcriptionId).map(job -> {
            List<WordSearch.Match> matches = WordSearch.search(words(job.result), terms);
            return new WordMatches(job.id, matches.stream().mapToInt(WordSearch.Match::count).sum(), matches);
        });
    }

    static void validateTerms(List<String> terms) {
        if (terms == null) {
            throw DomainException.invalid("missing_field", "words is required: the words or phrases to find, separated by commas",
                    "words");
        }
        if (terms.size() > MAX_TERMS) {
            throw DomainException.invalid("too_many_words", "words takes at most " + MAX_TERMS + " words or phrases; it has "
                    + terms.size(), "words");
        }
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i);
            if (term.strip().length() > MAX_TERM_LENGTH) {
                throw DomainException.invalid("invalid_words", "term " + (i + 1) + " of words is longer than "
                        + MAX_TERM_LENGTH + " characters", "words");
            }
            List<String> phrase = WordText.phrase(term);
            if (phrase.isEmpty()) {
                throw DomainException.invalid("invalid_words", "term " + (i + 1)
                        + " of words is empty or has no letter or digit; send words or phrases separated by commas", "words");
            }
            if (phrase.size() > MAX_TERM_WORDS) {
                throw DomainException.invalid("invalid_words", "term " + (i + 1) + " of words has more than "
                        + MAX_TERM_WORDS + " words", "words");
            }
        }
    }

    private Uni<TranscriptionJob> completed(String organizationId, String transcriptionId) {
        return store.owned(organizationId, transcriptionId).map(job -> {
            if (job.status != TranscriptionStatus.completed) {
                throw new DomainException(ErrorKind.CONFLICT, "transcription_not_completed",
                        "the transcript can be read once the transcription is completed; it is " + job.status,
                        "transcription_id");
            }
            if (job.result == null) {
                throw new DomainException(ErrorKind.GONE, "transcription_content_deleted",
                        "the transcript was deleted; its billing record remains", "transcription_id");
            }
            return job;
        });
    }

    private static List<Word> words(TranscriptionResult result) {
        return Objects.requireNonNullElse(result.words(), List.of());
    }
}
