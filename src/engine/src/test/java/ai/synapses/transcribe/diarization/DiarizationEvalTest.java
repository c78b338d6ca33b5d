package ai.synapses.transcribe.diarization;

import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.recognition.TranscriptAssembler;
import ai.synapses.transcribe.transcript.Utterance;
import ai.synapses.transcribe.transcript.Word;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, part 1, on {@code ../shared/eval/diarization}: real Vosk words, then the diarizer on the same
 * PCM. Prints for every file the speakers found, the share of words on the right speaker and the turns.
 */
class DiarizationEvalTest {

    @TempDir
    static Path dir;

    private final Diarization diarization = new Diarization(new TranscriptAssembler(700));

    @Test
    void twoSpeakerMixesGiveTwoSpeakersWithNinetyPercentOfWordsRight() throws IOException {
        for (String file : List.of("real-2spk-ABA.wav", "real-2spk-ABAB-short.wav", "espeak-2spk-ABAB.wav")) {
            DiarizationEval.Score score = run(file, 0);
            assertEquals(2, score.predictedSpeakers(), file + ": speakers found");
            assertTrue(score.accuracy() >= 0.90, file + ": words on the right speaker " + score.accuracy());
        }
    }

    @Test
    void oneSpeakerControlGivesOneSpeaker() throws IOException {
        assertEquals(1, run("real-1spk-control.wav", 0).predictedSpeakers());
    }

    @Test
    void expectedCountOfFourGivesFourSpeakersOnTheFourSpeakerMix() throws IOException {
        DiarizationEval.Score steered = run("real-4spk-ABCD.wav", 4);
        assertEquals(4, steered.predictedSpeakers());
        assertTrue(steered.accuracy() >= 0.80, "words on the right speaker " + steered.accuracy());
    }

    @Test
    void expectedCountSteersTheOtherFiles() throws IOException {
        run("real-4spk-ABCD.wav", 0); // for the printout: what the criterion finds on its own
        assertEquals(2, run("real-2spk-ABAB-short.wav", 2).predictedSpeakers());
        assertEquals(3, run("real-2spk-ABA.wav", 3).predictedSpeakers(), "the count is obeyed even when it is wrong");
    }

    /** Utterances never mix speakers, and each carries its words' speaker. */
    @Test
    void utterancesAreSplitAtSpeakerChanges() throws IOException {
        Transcript t = diarize("real-2spk-ABAB-short.wav", 0);
        String previous = null;
        for (Utterance u : t.utterances()) {
            assertNotNull(u.speaker());
            for (Word w : u.words()) {
                assertEquals(u.speaker(), w.speaker(), "utterance '" + u.text() + "'");
            }
            previous = u.speaker();
        }
        assertNotNull(previous);
        assertTrue(t.utterances().size() >= 4, "ABAB gives at least four utterances: " + t.utterances().size());
    }

    private DiarizationEval.Score run(String file, int expected) throws IOException {
        Transcript t = diarize(file, expected);
        DiarizationEval.Score score = DiarizationEval.score(t.words(), DiarizationEval.truth().get(file));
        System.out.printf("[diarization] %-26s expected %-3s -> %d speakers (truth %d), %3d/%3d words right (%.1f%%), turns: %s%n",
                file, expected == 0 ? "any" : String.valueOf(expected), score.predictedSpeakers(), score.trueSpeakers(),
                score.right(), score.words(), 100 * score.accuracy(), DiarizationEval.turns(t.words()));
        return score;
    }

    private Transcript diarize(String file, int expected) throws IOException {
        Path pcm = DiarizationEval.pcm(file, dir);
        return diarization.diarize(DiarizationEval.recognised(file, pcm), pcm, expected);
    }
}
