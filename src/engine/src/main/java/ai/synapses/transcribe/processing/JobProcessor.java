package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.limits.LimitSettings;
import ai.synapses.transcribe.logging.LogContext;
import ai.synapses.transcribe.queue.JobQueue;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.queue.JobMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * One job message, start to finish: claim, transcribe, complete and settle (or fail and refund).
 * Blocking: runs on the Lambda handler's thread or the poller's. A job the customer's audio dooms is
 * finished as failed and its message acknowledged; only a fault of ours (database down, a crash)
 * leaves the message for redelivery.
 */
@ApplicationScoped
public class JobProcessor {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

    /** What to do with the message. */
    public enum Outcome {
        /** Done with (completed, failed for good, or a duplicate): delete the message. */
        ACKNOWLEDGE,
        /** Our fault: leave the message for redelivery. */
        RETRY
    }

    private final JobLifecycle lifecycle;
    private final TranscriptionPipeline pipeline;
    private final WorkerSettings settings;
    private final ObjectMapper json;
    private final JobQueue queue;
    private final LimitSettings limits;

    public JobProcessor(JobLifecycle lifecycle, TranscriptionPipeline pipeline, WorkerSettings settings, ObjectMapper json,
            JobQueue queue, LimitSettings limits) {
        this.queue = queue;
        this.limits = limits;
        this.lifecycle = lifecycle;
        this.pipeline = pipeline;
        this.settings = settings;
        this.json = json;
    }

    /** Parses a message body; null when it is not a job message (a poison message, for the dead-letter queue). */
    public JobMessage parse(String body) {
        try {
            JobMessage message = json.readValue(body, JobMessage.class);
            return message.transcriptionId() == null ? null : message;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public Outcome process(JobMessage message) {
        LogContext.transcriptionId(message.transcriptionId());
        LogContext.organizationId(message.organizationId());
        try {
            return claimAndProcess(message);
        } finally {
            LogContext.clear();
        }
    }

    private Outcome claimAndProcess(JobMessage message) {
        JobLifecycle.Claim claim;
        try {
            claim = await(() -> lifecycle.claimWithinLimit(message.transcriptionId()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not claim job %s; leaving its message for redelivery", message.transcriptionId());
            return Outcome.RETRY;
        }
        if (claim.atCapacity()) {
            return defer(message);
        }
        if (claim.job().isEmpty()) {
            LOG.debugf("job %s is not queued (duplicate or late delivery, or cancelled): acknowledged", message.transcriptionId());
            return Outcome.ACKNOWLEDGE;
        }
        TranscriptionJob job = claim.job().get();
        LogContext.requestId(job.requestId);
        LogContext.organizationId(job.organizationId);
        TranscriptionPipeline.Result result;
        try {
            result = pipeline.transcribe(job);
        } catch (JobFailure failure) {
            if (failure.retryable() && job.attempts < settings.maxAttempts()) {
                LOG.infof("job %s: %s (%s); attempt %d of %d, will retry", job.id, failure.code(), failure.getMessage(),
                        job.attempts, settings.maxAttempts());
                release(job.id);
                return Outcome.RETRY;
            }
            LOG.infof("job %s failed: %s (%s)", job.id, failure.code(), failure.getMessage());
            return finish(job.id, () -> lifecycle.fail(job.id, failure.code(), failure.getMessage()));
        } catch (RuntimeException | Error e) {
            if (job.attempts >= settings.maxAttempts()) {
                LOG.errorf(e, "job %s crashed on its last attempt; failing and refunding it", job.id);
                return finish(job.id, () -> lifecycle.fail(job.id, "internal_error", "the job could not be processed"));
            }
            LOG.errorf(e, "job %s crashed (attempt %d of %d); putting it back in the queue", job.id, job.attempts,
                    settings.maxAttempts());
            release(job.id);
            return Outcome.RETRY;
        }
        return finish(job.id, () -> lifecycle.complete(job.id, result.json(), result.decodedSeconds()));
    }

    /**
     * The organisation already has its maximum of jobs processing: the job stays queued, untouched (no
     * attempt used), and comes back after {@code transcribe.limits.defer-delay} as a new message, so the
     * queue's receive count does not grow towards the dead-letter queue either. Meanwhile the worker
     * serves other organisations' messages.
     */
    private Outcome defer(JobMessage message) {
        String error = queue.sendDelayed(message, limits.deferDelay());
        if (error != null) {
            LOG.warnf("job %s waits for its organisation's concurrency limit, but could not be re-sent; redelivery will retry",
                    message.transcriptionId());
            return Outcome.RETRY;
        }
        LOG.debugf("job %s waits: its organisation is at its concurrency limit; back in %s", message.transcriptionId(),
                limits.deferDelay());
        noteSent(message.transcriptionId());
        return Outcome.ACKNOWLEDGE;
    }

    /** The job has a fresh message: its wait for a worker starts again (see {@code UnclaimedJobSweeper}). */
    private void noteSent(String id) {
        try {
            await(() -> lifecycle.resent(id));
        } catch (RuntimeException e) {
            LOG.warnf("job %s was sent again but the send could not be noted (%s)", id, e.getMessage());
        }
    }

    private Outcome finish(String id, Supplier<Uni<Boolean>> step) {
        try {
            await(step);
            return Outcome.ACKNOWLEDGE;
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not record the outcome of job %s; it will be recovered", id);
            release(id);
            return Outcome.RETRY;
        }
    }

    /** processing -> queued, so the redelivered message can claim it; if even this fails, the stuck-job sweeper will. */
    private void release(String id) {
        try {
            await(() -> lifecycle.release(id));
        } catch (RuntimeException e) {
            LOG.warnf("could not put job %s back (%s); the stuck-job sweeper will", id, e.getMessage());
        }
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
