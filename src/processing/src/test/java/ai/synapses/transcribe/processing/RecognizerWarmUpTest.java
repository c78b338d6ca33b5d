package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.decoding.AudioDecoders;
import ai.synapses.transcribe.decoding.DecodedAudio;
import ai.synapses.transcribe.decoding.DecodingOptions;
import ai.synapses.transcribe.recognition.RecognitionTuning;
import ai.synapses.transcribe.recognition.SpeechModels;
import ai.synapses.transcribe.recognition.SpeechRecognizer;
import ai.synapses.transcribe.transcript.Transcript;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecognizerWarmUpTest {

    @Test
    void leavesOneWarmRecognizerPerThreadThatStillHearsRight() throws Exception {
        AudioDecoders decoders = new AudioDecoders(DecodingOptions.defaults());
        try (SpeechModels models = new SpeechModels();
                SpeechRecognizer recognizer = new SpeechRecognizer(models, RecognitionTuning.defaults().withThreads(2))) {
            assertEquals(0, recognizer.idleRecognizers());

            new RecognizerWarmUp(recognizer, decoders).warmUp();
            assertEquals(2, recognizer.idleRecognizers(), "one warm recogniser per recognition thread");

            Path clip = Files.createTempFile("clip", ".wav");
            try (InputStream in = RecognizerWarmUp.class.getResourceAsStream(RecognizerWarmUp.CLIP)) {
                assertNotNull(in, "the warm-up clip is bundled");
                Files.copy(in, clip, StandardCopyOption.REPLACE_EXISTING);
            }
            try (DecodedAudio pcm = decoders.decode(clip, "wav")) {
                Transcript transcript = recognizer.transcribe(pcm.pcm(), "en");
                assertTrue(transcript.text().contains("fellow americans") && transcript.text().contains("your country"), transcript.text());
            } finally {
                Files.deleteIfExists(clip);
            }
            assertEquals(2, recognizer.idleRecognizers(), "the job borrowed the warm recognisers and gave them back");
        }
    }
}
