package ai.synapses.transcribe.diarization;

import ai.synapses.transcribe.recognition.RecognitionSettings;
import ai.synapses.transcribe.recognition.TranscriptAssembler;
import ai.synapses.transcribe.transcript.SpeakerAnalysis;
import ai.synapses.transcribe.transcript.Transcript;
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

    private final SpeakerDiarizer diarizer;
    private final TranscriptAssembler assembler;

    @jakarta.inject.Inject
    public Diarization(DiarizationSettings settings, RecognitionSettings recognition) {
        this(new SpeakerDiarizer(settings.bicPenalty(), settings.changePenalty()),
                new TranscriptAssembler(recognition.utterancePauseMillis()));
    }

    /** Without CDI (tests, the benchmark): the default diarizer. */
    public Diarization(TranscriptAssembler assembler) {
        this(new SpeakerDiarizer(), assembler);
    }

    public Diarization(SpeakerDiarizer diarizer, TranscriptAssembler assembler) {
        this.diarizer = diarizer;
        this.assembler = assembler;
    }

    /** @param request the job's {@code speaker_analysis} */
    public Transcript apply(Transcript transcript, Path pcm, SpeakerAnalysis request) throws IOException {
        if (!request.enabled()) {
            return transcript;
        }
        int expected = expected(request);
        long started = System.nanoTime();
        Transcript labelled = diarize(transcript, pcm, expected);
        LOG.infof("diarization: %d words, %d speakers (expected %s) in %d ms", transcript.words().size(),
                labelled.words().stream().map(w -> w.speaker()).distinct().count(),
                expected == 0 ? "any" : expected, (System.nanoTime() - started) / 1_000_000);
        return labelled;
    }

    /** The transcript with speakers on its words and utterances; {@code expected} 0 lets the audio decide. */
    public Transcript diarize(Transcript transcript, Path pcm, int expected) throws IOException {
        return assembler.assemble(diarizer.label(pcm, transcript.words(), expected),
                transcript.audioDurationSeconds(), transcript.language());
    }

    /** How many speakers to look for; 0: let the audio decide. */
    static int expected(SpeakerAnalysis request) {
        Integer expected = request.speakersExpectedCount();
        // The submit validated 1..10; a stored value outside it (an old row, a hand edit) means "unknown".
        return expected != null && expected >= 1 && expected <= SpeakerDiarizer.MOST_SPEAKERS ? expected : 0;
    }
}
