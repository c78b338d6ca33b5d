package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.decoding.AudioDecoders;
import ai.synapses.transcribe.decoding.AudioProcessingException;
import ai.synapses.transcribe.decoding.DecodedAudio;
import ai.synapses.transcribe.decoding.DownloadedAudio;
import ai.synapses.transcribe.diarization.Diarization;
import ai.synapses.transcribe.intelligence.CustomSpeller;
import ai.synapses.transcribe.intelligence.TranscriptEnricher;
import ai.synapses.transcribe.job.JobProgress;
import ai.synapses.transcribe.job.ProgressSettings;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.metrics.JobMetrics;
import ai.synapses.transcribe.recognition.RecognitionProgress;
import ai.synapses.transcribe.recognition.SpeechRecognizer;
import ai.synapses.transcribe.recognition.UnsupportedLanguageException;
import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Audio URL to transcript: download (SSRF-guarded), decode to 16 kHz mono PCM, bill the decoded duration
 * ({@link DecodedAudioBilling}), recognise, label speakers, apply the customer's spelling, redact and enrich.
 * Temporary files never outlive a job.
 */
@ApplicationScoped
public class TranscriptionPipeline {

    private static final Logger LOG = Logger.getLogger(TranscriptionPipeline.class);

    /** The transcript as stored and the duration recognised, which settles the bill. */
    public record Result(TranscriptionResult transcript, double decodedSeconds) {
    }

    private final AudioDownloader downloader;
    private final AudioDecoders decoders;
    private final SpeechRecognizer recognizer;
    private final Diarization diarization;
    private final TranscriptEnricher enricher;
    private final JobProgress progress;
    private final ProgressSettings progressSettings;
    private final JobMetrics metrics;
    private final DecodedAudioBilling billing;

    public TranscriptionPipeline(AudioDownloader downloader, AudioDecoders decoders, SpeechRecognizer recognizer,
            Diarization diarization, TranscriptEnricher enricher, JobProgress progress,
            ProgressSettings progressSettings, JobMetrics metrics, DecodedAudioBilling billing) {
        this.billing = billing;
        this.progress = progress;
        this.progressSettings = progressSettings;
        this.metrics = metrics;
        this.downloader = downloader;
        this.decoders = decoders;
        this.recognizer = recognizer;
        this.diarization = diarization;
        this.enricher = enricher;
    }

    public Result transcribe(TranscriptionJob job) {
        long started = System.nanoTime();
        try (DownloadedAudio file = downloader.download(job.audioUrl);
                DecodedAudio decodedAudio = decoders.decode(file.file())) {
            // priced before the expensive part: surcharged, or failed here, or cut to what was paid for
            DecodedAudio pcm = billing.admit(job, file, decodedAudio);
            long decoded = System.nanoTime();
            Transcript transcript = recognizer.transcribe(pcm.pcm(), job.language, throttled(job.id));
            long recognised = System.nanoTime();
            double realTimeFactor = (recognised - decoded) / 1e9 / Math.max(0.001, pcm.durationSeconds());
            metrics.realTimeFactor(realTimeFactor);
            LOG.infof("job %s: %.1f s of audio, download+decode %d ms, recognition %d ms (real-time factor %.3f)", job.id,
                    pcm.durationSeconds(), (decoded - started) / 1_000_000, (recognised - decoded) / 1_000_000, realTimeFactor);
            JobOptions options = job.options == null ? JobOptions.NONE : job.options;
            transcript = diarization.apply(transcript, pcm.pcm(), options.speakers());
            // the customer's spelling, before redaction and the text features, which then see it
            transcript = CustomSpeller.apply(transcript, options.spellings());
            // redaction and the text features, from the recognised (and, when asked, diarized) words
            long enrichStarted = System.nanoTime();
            TranscriptionResult result = enricher.enrich(transcript, options);
            LOG.debugf("job %s: enrichment %d ms", job.id, (System.nanoTime() - enrichStarted) / 1_000_000);
            return new Result(result, pcm.durationSeconds());
        } catch (AudioProcessingException e) {
            throw new JobFailure(e.code(), e.getMessage(), e.retryable(), e);
        } catch (UnsupportedLanguageException e) {
            throw new JobFailure("language_not_available", e.getMessage(), false, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Chunk progress to the job row, at most once per {@code transcribe.progress.min-interval}; the
     * final 100 is left to the completion, which sets it in the same transaction as the result.
     */
    private RecognitionProgress throttled(String transcriptionId) {
        long minIntervalNanos = progressSettings.minInterval().toNanos();
        long[] lastWrite = {System.nanoTime() - minIntervalNanos};
        return percent -> {
            long now = System.nanoTime();
            if (percent < 100 && now - lastWrite[0] >= minIntervalNanos) {
                lastWrite[0] = now;
                progress.record(transcriptionId, percent);
            }
        };
    }
}
