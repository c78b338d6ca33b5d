package ai.synapses.transcribe.diarization;

import ai.synapses.transcribe.json.Json;
import ai.synapses.transcribe.recognition.RecognitionSettings;
import ai.synapses.transcribe.recognition.Transcript;
import ai.synapses.transcribe.recognition.TranscriptAssembler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The job's {@code speaker_analysis} applied to its transcript: with {@code diarization_enabled} every
 * word and utterance gets a speaker and utterances are split where the speaker changes; without it the
 * transcript is returned as it is (no speaker anywhere). Runs on the caller's (worker) thread, on the
 * same decoded PCM the words were recognised from.
 */
@ApplicationScoped
public class Diarization {

    private static final Logger LOG = Logger.getLogger(Diarization.class);

    /** What the job asked for; {@code expected} 0 means "find out". */
    public record SpeakerRequest(boolean enabled, int expected) {
        public static final SpeakerRequest OFF = new SpeakerRequest(false, 0);
    }

    private final SpeakerDiarizer diarizer;
    private final TranscriptAssembler assembler;
    private final ObjectMapper json;

    @jakarta.inject.Inject
    public Diarization(DiarizationSettings settings, RecognitionSettings recognition, ObjectMapper json) {
        this(new SpeakerDiarizer(settings.bicPenalty(), settings.changePenalty()),
                new TranscriptAssembler(recognition.utterancePauseMillis()), json);
    }

    /** Without CDI (tests, the benchmark): the default diarizer. */
    public Diarization(TranscriptAssembler assembler, ObjectMapper json) {
        this(new SpeakerDiarizer(), assembler, json);
    }

    public Diarization(SpeakerDiarizer diarizer, TranscriptAssembler assembler, ObjectMapper json) {
        this.diarizer = diarizer;
        this.assembler = assembler;
        this.json = json;
    }

    /**
     * @param options the job's stored options (JSON with {@code speaker_analysis}, as the submit wrote them)
     */
    public Transcript apply(Transcript transcript, Path pcm, String options) throws IOException {
        SpeakerRequest request = request(options);
        if (!request.enabled()) {
            return transcript;
        }
        long started = System.nanoTime();
        Transcript labelled = diarize(transcript, pcm, request.expected());
        LOG.infof("diarization: %d words, %d speakers (expected %s) in %d ms", transcript.words().size(),
                labelled.words().stream().map(w -> w.speaker()).distinct().count(),
                request.expected() == 0 ? "any" : request.expected(), (System.nanoTime() - started) / 1_000_000);
        return labelled;
    }

    /** The transcript with speakers on its words and utterances; {@code expected} 0 lets the audio decide. */
    public Transcript diarize(Transcript transcript, Path pcm, int expected) throws IOException {
        return assembler.assemble(diarizer.label(pcm, transcript.words(), expected),
                transcript.audioDurationSeconds(), transcript.language());
    }

    SpeakerRequest request(String options) {
        if (options == null || options.isBlank()) {
            return SpeakerRequest.OFF;
        }
        JsonNode speakers = Json.tree(json, options, "the job's stored options are not JSON").path("speaker_analysis");
        if (!speakers.path("diarization_enabled").asBoolean(false)) {
            return SpeakerRequest.OFF;
        }
        int expected = speakers.path("speakers_expected_count").asInt(0);
        // The submit validated 1..10; a stored value outside it (an old row, a hand edit) means "unknown".
        return new SpeakerRequest(true, expected >= 1 && expected <= SpeakerDiarizer.MOST_SPEAKERS ? expected : 0);
    }
}
