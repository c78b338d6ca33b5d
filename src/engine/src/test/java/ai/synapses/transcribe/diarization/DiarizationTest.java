package ai.synapses.transcribe.diarization;

import ai.synapses.transcribe.recognition.TranscriptAssembler;
import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.SpeakerAnalysis;
import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.Utterance;
import ai.synapses.transcribe.transcript.Word;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job's {@code speaker_analysis}, as the submit stores it, changes the transcript. */
class DiarizationTest {

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final TranscriptAssembler assembler = new TranscriptAssembler(700);
    private final Diarization diarization = new Diarization(assembler);

    /** The {@code speaker_analysis} of options as the submit stores them. */
    private SpeakerAnalysis stored(String options) throws IOException {
        return options == null ? JobOptions.NONE.speakers() : json.readValue(options, JobOptions.class).speakers();
    }

    @Test
    void optionsAreReadAsTheSubmitStoresThem() throws IOException {
        assertFalse(stored(null).enabled());
        assertFalse(stored("{}").enabled());
        assertFalse(stored("{\"speaker_analysis\":{\"diarization_enabled\":false,\"speakers_expected_count\":null}}").enabled());
        SpeakerAnalysis any = stored(
                "{\"speaker_analysis\":{\"diarization_enabled\":true,\"speakers_expected_count\":null},\"privacy_settings\":{}}");
        assertTrue(any.enabled());
        assertEquals(0, Diarization.expected(any));
        assertEquals(4, Diarization.expected(stored(
                "{\"speaker_analysis\":{\"diarization_enabled\":true,\"speakers_expected_count\":4}}")));
        assertEquals(0, Diarization.expected(stored(
                "{\"speaker_analysis\":{\"diarization_enabled\":true,\"speakers_expected_count\":99}}")));
    }

    @Test
    void offLeavesTheTranscriptWithoutSpeakers() throws IOException {
        SyntheticVoices audio = new SyntheticVoices().turn(SyntheticVoices.LOW, 4).turn(SyntheticVoices.HIGH, 4);
        Path pcm = audio.write(dir.resolve("two.pcm"));
        Transcript plain = assembler.assemble(audio.unlabelled(), 9, "en");

        Transcript off = diarization.apply(plain, pcm, new SpeakerAnalysis(false, null));
        assertSame(plain, off);
        assertTrue(off.words().stream().allMatch(w -> w.speaker() == null));
        assertTrue(off.utterances().stream().allMatch(u -> u.speaker() == null));
    }

    @Test
    void onLabelsWordsAndUtterancesAndSplitsUtterancesAtTheChange() throws IOException {
        SyntheticVoices audio = new SyntheticVoices().turn(SyntheticVoices.LOW, 4).turn(SyntheticVoices.HIGH, 4);
        Path pcm = audio.write(dir.resolve("two.pcm"));
        Transcript plain = assembler.assemble(audio.unlabelled(), 9, "en");
        assertEquals(1, plain.utterances().size(), "the turns are 0.6 s apart: one utterance without speakers");

        Transcript on = diarization.apply(plain, pcm, new SpeakerAnalysis(true, null));
        assertEquals(List.of("A", "B"), on.utterances().stream().map(Utterance::speaker).toList());
        for (Utterance u : on.utterances()) {
            assertTrue(u.words().stream().allMatch(w -> w.speaker().equals(u.speaker())));
        }
        assertEquals(plain.text(), on.text());
        assertEquals(plain.words().size(), on.words().size());
        assertEquals(plain.audioDurationSeconds(), on.audioDurationSeconds());

        Transcript one = diarization.apply(plain, pcm, new SpeakerAnalysis(true, 1));
        assertEquals(List.of("A"), one.words().stream().map(Word::speaker).distinct().toList());
        assertEquals(1, one.utterances().size());
    }

    @Test
    void theSpeakerIsInTheJson() throws IOException {
        Word word = new Word("hi", 0, 100, 0.5, "B");
        Transcript t = assembler.assemble(List.of(word), 1, "en");
        String out = json.writeValueAsString(t);
        // the word, the utterance, and the word inside the utterance
        assertEquals(3, out.split("\"speaker\":\"B\"", -1).length - 1, out);
        assertNull(assembler.assemble(List.of(new Word("hi", 0, 100, 0.5)), 1, "en").utterances().get(0).speaker());
    }
}
