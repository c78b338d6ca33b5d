package ai.synapses.transcribe.recognition;

import ai.synapses.transcribe.transcript.Transcript;
import ai.synapses.transcribe.transcript.Word;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.vosk.Model;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine {@code fvt-1}: Vosk over 16 kHz mono 16-bit little-endian PCM. Audio longer than ~45 s is
 * cut at quiet moments into ~30 s chunks that are recognised in parallel on one pool shared by all
 * jobs of the process (one thread per core by default), each chunk streamed from the file, so memory
 * stays flat however long the audio is and a long job uses every core. Recognisers are kept warm
 * between chunks and jobs (see {@link WarmRecognizer}): the first minute or so of audio a process
 * recognises is several times slower than the rest.
 * <p>
 * Thread-safe: any number of callers may transcribe at once; their chunks queue for the same threads.
 */
public class SpeechRecognizer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SpeechRecognizer.class);

    /**
     * Passes of the warm-up clip per recogniser. Measured on jfk.wav (worker bench, load ~15): the first job
     * after one pass ran at 0.26 x real time, after two at 0.17 x, the same as later jobs (0.16 x); cold, 0.58 x.
     */
    private static final int WARM_UP_PASSES = 2;

    private final SpeechModels models;
    private final RecognitionTuning tuning;
    private final SilenceSplitter splitter;
    private final TranscriptAssembler assembler;
    private final ExecutorService pool;
    private final RecognizerPool recognizers = new RecognizerPool();

    public SpeechRecognizer(SpeechModels models) {
        this(models, RecognitionTuning.defaults());
    }

    public SpeechRecognizer(SpeechModels models, RecognitionTuning tuning) {
        this.models = models;
        this.tuning = tuning;
        this.splitter = new SilenceSplitter(tuning);
        this.assembler = new TranscriptAssembler(tuning.utterancePauseMillis());
        this.pool = Executors.newFixedThreadPool(tuning.threads(), new RecognitionThreads());
    }

    public SpeechModels models() {
        return models;
    }

    public RecognitionTuning tuning() {
        return tuning;
    }

    /** Warm recognisers ready for the next chunks. */
    public int idleRecognizers() {
        return recognizers.idle();
    }

    /** How {@link #transcribe} would chunk the file. */
    public List<PcmChunk> plan(Path pcm) throws IOException {
        return splitter.plan(pcm);
    }

    public Transcript transcribe(Path pcm, String language) throws IOException {
        return transcribe(pcm, language, RecognitionProgress.NONE);
    }

    /**
     * @param pcm      raw 16 kHz mono signed 16-bit little-endian samples, no header
     * @param language a language code with a model (see {@link SpeechModels#languages()})
     * @throws UnsupportedLanguageException when there is no model for the language (fails before any work)
     * @throws InterruptedIOException when the calling thread is interrupted; its chunks are cancelled
     */
    public Transcript transcribe(Path pcm, String language, RecognitionProgress progress) throws IOException {
        String lang = SpeechModels.normalise(language);
        Model model = models.model(lang);
        long bytes = Files.size(pcm);
        List<PcmChunk> chunks = splitter.plan(pcm);
        ProgressMeter meter = new ProgressMeter(progress, chunks.stream().mapToLong(PcmChunk::bytes).sum());
        ChunkRecognizer recognizer = new ChunkRecognizer(model, recognizers);

        // the job's log context (request, transcription and organisation ids) follows its chunks onto the pool
        Map<String, Object> logContext = new HashMap<>(MDC.getMap());
        List<Future<List<Word>>> running = new ArrayList<>(chunks.size());
        try {
            for (PcmChunk chunk : chunks) {
                running.add(pool.submit(() -> {
                    logContext.forEach(MDC::put);
                    try {
                        List<Word> words = recognizer.recognise(pcm, chunk);
                        meter.chunkDone(chunk.bytes());
                        return words;
                    } finally {
                        logContext.keySet().forEach(MDC::remove);
                    }
                }));
            }
            List<Word> words = new ArrayList<>();
            for (Future<List<Word>> chunk : running) {
                words.addAll(await(chunk));
            }
            Transcript transcript = assembler.assemble(words, Pcm.seconds(bytes), lang);
            meter.finished();
            return transcript;
        } finally {
            // After a failure or interrupt the other chunks are useless; after success this does nothing.
            running.forEach(chunk -> chunk.cancel(true));
        }
    }

    /**
     * Runs {@code pcm} through one recogniser per thread, all at once, and keeps them: a fresh Vosk
     * recogniser decodes at about 0.2 x real time until its lookahead graph is built, a warm one at about
     * 0.05 x. Done at start-up (outside Lambda's billed invocations), the first customer's job is as fast as
     * the hundredth.
     */
    public void warmUp(Path pcm, String language) throws IOException {
        Model model = models.model(SpeechModels.normalise(language));
        ChunkRecognizer recognizer = new ChunkRecognizer(model, recognizers);
        PcmChunk whole = new PcmChunk(0, 0, Files.size(pcm));
        int threads = tuning.threads();
        // all borrow before any gives back, so each thread warms a recogniser of its own
        CountDownLatch together = new CountDownLatch(threads);
        List<Future<List<Word>>> running = new ArrayList<>(threads);
        try {
            for (int i = 0; i < threads; i++) {
                running.add(pool.submit(() -> {
                    together.countDown();
                    together.await();
                    List<Word> words = List.of();
                    for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
                        words = recognizer.recognise(pcm, whole);
                    }
                    return words;
                }));
            }
            for (Future<List<Word>> each : running) {
                await(each);
            }
        } finally {
            running.forEach(each -> each.cancel(true));
        }
    }

    private static List<Word> await(Future<List<Word>> chunk) throws IOException {
        try {
            return chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("transcription interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("recognition failed", cause);
        }
    }

    /**
     * Stops the threads (a transcription still running fails with an interrupt) and frees the warm
     * recognisers. Models are not closed: they belong to {@link SpeechModels}.
     */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recognizers.close();
    }

    /** Reports the share of audio in finished chunks: monotonic, each value once, 100 when all are done. */
    private static final class ProgressMeter {
        private final RecognitionProgress sink;
        private final long total;
        private long done;
        private int reported;

        ProgressMeter(RecognitionProgress sink, long total) {
            this.sink = sink;
            this.total = total;
        }

        synchronized void chunkDone(long bytes) {
            done += bytes;
            // Chunks finish out of order, but a sum of finished chunks only grows; the last one makes 100
            // (what is left, putting the words together, takes microseconds).
            report(total == 0 ? 100 : (int) Math.min(100, done * 100 / total));
        }

        synchronized void finished() {
            report(100);
        }

        private void report(int percent) {
            if (percent <= reported) {
                return;
            }
            reported = percent;
            try {
                sink.percent(percent);
            } catch (RuntimeException e) {
                // Progress is advisory; a failing listener must not fail the transcription.
                LOG.warnf(e, "progress listener failed at %d%%", percent);
            }
        }
    }

    /** Daemon threads: a pool left open must not keep a Lambda or test JVM from exiting. */
    private static final class RecognitionThreads implements ThreadFactory {
        private static final AtomicInteger POOLS = new AtomicInteger();
        private final int pool = POOLS.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "recognition-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
