package ai.synapses.transcribe.diarization;

import ai.synapses.transcribe.transcript.Word;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The diarizer on made-up voices: runs everywhere, without the eval data. */
class SpeakerDiarizerTest {

    @TempDir
    Path dir;

    private final SpeakerDiarizer diarizer = new SpeakerDiarizer();

    @Test
    void twoVoicesTakingTurnsAreTwoSpeakersWithTheChangesOnTheRightWords() throws IOException {
        SyntheticVoices audio = new SyntheticVoices().turn(SyntheticVoices.LOW, 6).turn(SyntheticVoices.HIGH, 5)
                .turn(SyntheticVoices.LOW, 4).turn(SyntheticVoices.HIGH, 6);
        List<Word> labelled = diarizer.label(audio.write(dir.resolve("two.pcm")), audio.unlabelled(), 0);

        assertEquals(List.of("A", "B"), speakers(labelled));
        Map<String, String> voiceOf = Map.of("A", "low", "B", "high");
        long right = 0;
        for (int i = 0; i < labelled.size(); i++) {
            if (voiceOf.get(labelled.get(i).speaker()).equals(audio.words().get(i).speaker())) {
                right++;
            }
        }
        assertEquals(labelled.size(), right, "every word on its voice: " + labelled);
        for (int i = 0; i < labelled.size(); i++) { // nothing else about the words changes
            Word in = audio.unlabelled().get(i), out = labelled.get(i);
            assertEquals(List.of(in.text(), in.start(), in.end(), in.confidence()),
                    List.of(out.text(), out.start(), out.end(), out.confidence()));
        }
    }

    @Test
    void oneVoiceIsOneSpeaker() throws IOException {
        SyntheticVoices audio = new SyntheticVoices().turn(SyntheticVoices.LOW, 8).turn(SyntheticVoices.LOW, 8)
                .turn(SyntheticVoices.LOW, 8);
        assertEquals(List.of("A"), speakers(diarizer.label(audio.write(dir.resolve("one.pcm")), audio.unlabelled(), 0)));
    }

    @Test
    void theExpectedCountIsObeyed() throws IOException {
        SyntheticVoices audio = new SyntheticVoices().turn(SyntheticVoices.LOW, 6).turn(SyntheticVoices.HIGH, 6)
                .turn(SyntheticVoices.MIDDLE, 6).turn(SyntheticVoices.LOW, 4);
        Path pcm = audio.write(dir.resolve("three.pcm"));
        assertEquals(List.of("A", "B", "C"), speakers(diarizer.label(pcm, audio.unlabelled(), 3)));
        assertEquals(List.of("A"), speakers(diarizer.label(pcm, audio.unlabelled(), 1)));
        assertEquals(List.of("A", "B"), speakers(diarizer.label(pcm, audio.unlabelled(), 2)));
    }

    @Test
    void noWordsNoSpeakersAndABadCountIsRefused() throws IOException {
        Path pcm = Files.write(dir.resolve("silence.pcm"), new byte[32_000]);
        assertEquals(List.of(), diarizer.label(pcm, List.of(), 0));
        List<Word> one = List.of(new Word("hello", 100, 400, 0.9));
        assertEquals("A", diarizer.label(pcm, one, 0).get(0).speaker(), "a word in digital silence still gets a speaker");
        assertThrows(IllegalArgumentException.class, () -> diarizer.label(pcm, one, 11));
        assertThrows(IllegalArgumentException.class, () -> diarizer.label(pcm, one, -1));
    }

    private static List<String> speakers(List<Word> words) {
        return words.stream().map(Word::speaker).distinct().sorted().collect(Collectors.toList());
    }
}
