package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.job.JobLifecycle;
import ai.synapses.transcribe.limits.LimitSettings;
import ai.synapses.transcribe.logging.LogContext;
import ai.synapses.transcribe.queue.JobQueue;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageHandler;
import ai.synapses.transcribe.queue.MessageOutcome;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

import static ai.synapses.transcribe.queue.Blocking.await;

/**
 * One job message, start to finish: claim, transcribe, complete and settle (or fail and refund).
 * Blocking: runs on the Lambda handler's thread or the poller's. A job the customer's audio dooms is
 * finished as failed and its message acknowledged; only a fault of ours (database down, a crash)
 * leaves the message for redelivery.
 */
@ApplicationScoped
public class JobProcessor implements MessageHandler<JobMessage> {

    private static final Logger LOG = Logger.getLogger(JobProcessor.class);

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

    @Override
    public String kind() {
        return "job";
    }

    /** Parses a message body; null when it is not a job message (a poison message, for the dead-letter queue). */
    @Override
    public JobMessage parse(String body) {
        try {
            JobMessage message = json.readValue(body, JobMessage.class);
            return message.transcriptionId() == null ? null : message;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public MessageOutcome process(JobMessage message) {
        LogContext.transcriptionId(message.transcriptionId());
        LogContext.organizationId(message.organizationId());
        try {
            return claimAndProcess(message);
        } finally {
            LogContext.clear();
        }
    }

    private MessageOutcome claimAndProcess(JobMessage message) {
        JobLifecycle.Claim claim;
        try {
            claim = await(() -> lifecycle.claimWithinLimit(message.transcriptionId()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not claim job %s; leaving its message for redelivery", message.transcriptionId());
            return MessageOutcome.RETRY;
        }
        if (claim.atCapacity()) {
            return defer(message);
        }
        if (claim.job().isEmpty()) {
            LOG.debugf("job %s is not queued (duplicate or late delivery, or cancelled): acknowledged", message.transcriptionId());
            return MessageOutcome.ACKNOWLEDGE;
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
                return MessageOutcome.RETRY;
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
            return MessageOutcome.RETRY;
        }
        return finish(job.id, () -> lifecycle.complete(job.id, result.transcript(), result.decodedSeconds()));
    }

    /**
     * The organisation already has its maximum of jobs processing: the job stays queued, untouched (no
     * attempt used), and comes back after {@code transcribe.limits.defer-delay} as a new message, so the
     * queue's receive count does not grow towards the dead-letter queue either. Meanwhile the worker
     * serves other organisations' messages.
     */
    private MessageOutcome defer(JobMessage message) {
        String error = queue.sendDelayed(message, limits.deferDelay());
        if (error != null) {
            LOG.warnf("job %s waits for its organisation's concurrency limit, but could not be re-sent; redelivery will retry",
                    message.transcriptionId());
            return MessageOutcome.RETRY;
        }
        LOG.debugf("job %s waits: its organisation is at its concurrency limit; back in %s", message.transcriptionId(),
                limits.deferDelay());
        noteSent(message.transcriptionId());
        return MessageOutcome.ACKNOWLEDGE;
    }

    /** The job has a fresh message: its wait for a worker starts again (see {@code UnclaimedJobSweeper}). */
    private void noteSent(String id) {
        try {
            await(() -> lifecycle.resent(id));
        } catch (RuntimeException e) {
            LOG.warnf("job %s was sent again but the send could not be noted (%s)", id, e.getMessage());
        }
    }

    private MessageOutcome finish(String id, Supplier<Uni<Boolean>> step) {
        try {
            await(step);
            return MessageOutcome.ACKNOWLEDGE;
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not record the outcome of job %s; it will be recovered", id);
            release(id);
            return MessageOutcome.RETRY;
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
}
