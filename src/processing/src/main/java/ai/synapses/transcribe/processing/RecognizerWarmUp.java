package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.decoding.AudioDecoders;
import ai.synapses.transcribe.decoding.AudioProcessingException;
import ai.synapses.transcribe.decoding.DecodedAudio;
import ai.synapses.transcribe.recognition.RecognitionSettings;
import ai.synapses.transcribe.recognition.SpeechModels;
import ai.synapses.transcribe.recognition.SpeechRecognizer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads the English model and warms the recognisers before the first job arrives. On Lambda this runs in
 * the init phase (and before a SnapStart snapshot), so no customer's job carries the cost; in a container
 * it runs before the queue poller takes its first message.
 */
@ApplicationScoped
public class RecognizerWarmUp {

    /** {@code samples/jfk.wav} of the repository, copied into the engine jar by its pom. */
    static final String CLIP = "/warm-up/jfk.wav";

    private static final Logger LOG = Logger.getLogger(RecognizerWarmUp.class);

    private final SpeechRecognizer recognizer;
    private final AudioDecoders decoders;

    public RecognizerWarmUp(SpeechRecognizer recognizer, AudioDecoders decoders) {
        this.recognizer = recognizer;
        this.decoders = decoders;
    }

    void onStart(@Observes StartupEvent event, RecognitionSettings settings) {
        if (settings.warmUp()) {
            warmUp();
        }
    }

    /** @return the wall time it took, in milliseconds */
    public long warmUp() {
        long started = System.nanoTime();
        Path clip = null;
        try (InputStream in = RecognizerWarmUp.class.getResourceAsStream(CLIP)) {
            if (in == null) {
                throw new IllegalStateException(CLIP + " is missing from the engine jar");
            }
            clip = Files.createTempFile("warm-up", ".wav");
            Files.copy(in, clip, StandardCopyOption.REPLACE_EXISTING);
            try (DecodedAudio pcm = decoders.decode(clip, "wav")) {
                recognizer.warmUp(pcm.pcm(), SpeechModels.ENGLISH);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("warming up the recognisers failed", e);
        } catch (AudioProcessingException e) {
            throw new IllegalStateException("the bundled warm-up clip does not decode", e);
        } finally {
            deleteQuietly(clip);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.infof("recognisers warm: %d in %d ms", recognizer.tuning().threads(), millis);
        return millis;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debugf("could not delete %s: %s", file, e.getMessage());
            }
        }
    }
}
