package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.decoding.AudioDecoders;
import ai.synapses.transcribe.decoding.AudioDownloader;
import ai.synapses.transcribe.decoding.AudioProcessingException;
import ai.synapses.transcribe.decoding.DecodedAudio;
import ai.synapses.transcribe.decoding.DownloadedAudio;
import ai.synapses.transcribe.intelligence.TranscriptEnricher;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.recognition.SpeechRecognizer;
import ai.synapses.transcribe.recognition.Transcript;
import ai.synapses.transcribe.recognition.UnsupportedLanguageException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Audio URL to transcript: download (SSRF-guarded), decode to 16 kHz mono PCM, recognise. Temporary files never outlive a job. */
@ApplicationScoped
public class TranscriptionPipeline {

    private static final Logger LOG = Logger.getLogger(TranscriptionPipeline.class);

    /** The transcript as stored (JSON) and the decoded duration that settles the bill. */
    public record Result(String json, double decodedSeconds) {
    }

    private final AudioDownloader downloader;
    private final AudioDecoders decoders;
    private final SpeechRecognizer recognizer;
    private final TranscriptEnricher enricher;
    private final ObjectMapper json;

    public TranscriptionPipeline(AudioDownloader downloader, AudioDecoders decoders, SpeechRecognizer recognizer,
            TranscriptEnricher enricher, ObjectMapper json) {
        this.downloader = downloader;
        this.decoders = decoders;
        this.recognizer = recognizer;
        this.enricher = enricher;
        this.json = json;
    }

    public Result transcribe(TranscriptionJob job) {
        long started = System.nanoTime();
        try (DownloadedAudio file = downloader.download(job.audioUrl);
                DecodedAudio pcm = decoders.decode(file.file())) {
            long decoded = System.nanoTime();
            Transcript transcript = recognizer.transcribe(pcm.pcm(), job.language, ai.synapses.transcribe.recognition.RecognitionProgress.NONE);
            long recognised = System.nanoTime();
            LOG.infof("job %s: %.1f s of audio, download+decode %d ms, recognition %d ms (real-time factor %.3f)", job.id,
                    pcm.durationSeconds(), (decoded - started) / 1_000_000, (recognised - decoded) / 1_000_000,
                    (recognised - decoded) / 1e9 / Math.max(0.001, pcm.durationSeconds()));
            // redaction and the text features, from the recognised (and, when asked, diarized) words
            long enrichStarted = System.nanoTime();
            String result = json.writeValueAsString(enricher.enrich(transcript, enricher.options(job.options)));
            LOG.debugf("job %s: enrichment %d ms", job.id, (System.nanoTime() - enrichStarted) / 1_000_000);
            return new Result(result, pcm.durationSeconds());
        } catch (AudioProcessingException e) {
            throw new JobFailure(e.code(), e.getMessage(), e.retryable(), e);
        } catch (UnsupportedLanguageException e) {
            throw new JobFailure("language_not_available", e.getMessage(), false, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
