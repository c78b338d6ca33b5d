package ai.synapses.transcribe.queue;

import ai.synapses.transcribe.availability.ResilienceSettings;
import ai.synapses.transcribe.json.Json;
import ai.synapses.transcribe.metrics.JobMetrics;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sends job messages to SQS (ElasticMQ locally). The SDK client blocks: callers run these methods on a worker
 * thread ({@link JobDispatcher} does). A failed send is not an error for the caller: the job stays unsent and the
 * {@link UnsentJobSweeper} sends it later.
 *
 * <p>Each call is guarded: the SDK's call time-out ({@code transcribe.queue.send-timeout}), a bounded retry, and a
 * circuit breaker: while the queue is down, submits stop waiting for it (they answer 202 at once and leave the job
 * to the sweeper), and after the breaker's delay one call tries the queue again.
 */
@ApplicationScoped
public class JobQueue {

    private static final Logger LOG = Logger.getLogger(JobQueue.class);

    /** SQS takes at most ten messages per {@code SendMessageBatch}. */
    public static final int MAX_BATCH = 10;

    private final SqsClient sqs;
    private final QueueSettings settings;
    private final ObjectMapper json;
    private final JobMetrics metrics;
    private final Guard guard;
    private final Duration breakerDelay;

    public JobQueue(SqsClient sqs, QueueSettings settings, ObjectMapper json, ResilienceSettings resilience,
            JobMetrics metrics) {
        this.metrics = metrics;
        this.sqs = sqs;
        this.settings = settings;
        this.json = json;
        ResilienceSettings.Queue queue = resilience.queue();
        this.breakerDelay = queue.breakerDelay();
        this.guard = Guard.create().withDescription("job queue")
                .withRetry().maxRetries(queue.retries()).delay(queue.retryDelay().toMillis(), ChronoUnit.MILLIS)
                        .abortOn(CircuitBreakerOpenException.class).done()
                .withCircuitBreaker().name("job-queue").requestVolumeThreshold(queue.breakerVolume())
                        .failureRatio(queue.breakerRatio()).delay(queue.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                        .onStateChange(state -> LOG.warnf("job queue circuit breaker is now %s", state)).done()
                .build();
    }

    /**
     * Sends up to {@link #MAX_BATCH} messages in one queue call. Blocks. For each message, in order: null when the
     * queue took it, else the reason it did not (the whole call failing fails every message with the same reason).
     */
    public List<String> sendBatch(List<JobMessage> messages) {
        if (messages.isEmpty() || messages.size() > MAX_BATCH) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " messages, not " + messages.size());
        }
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(toJson(messages.get(i))).build());
        }
        String[] outcomes = new String[messages.size()];
        try {
            SendMessageBatchResponse response = guard.get(() -> withQueue(() -> sqs.sendMessageBatch(b -> b
                    .queueUrl(settings.url()).entries(entries)
                    .overrideConfiguration(c -> c.apiCallTimeout(settings.sendTimeout())))), SendMessageBatchResponse.class);
            for (BatchResultErrorEntry failed : response.failed()) {
                outcomes[Integer.parseInt(failed.id())] = describe(failed.code() + ": " + failed.message());
            }
        } catch (CircuitBreakerOpenException e) {
            Arrays.fill(outcomes, describe("the queue failed repeatedly; trying it again after " + breakerDelay.toMillis()
                    + " ms (circuit open)"));
        } catch (RuntimeException e) {
            Arrays.fill(outcomes, describe(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        metrics.queueCalled();
        return Arrays.asList(outcomes);
    }

    /**
     * Sends the message again, to be delivered after {@code delay} (SQS allows up to 15 minutes), from a
     * worker's thread, through the same guard. Null when the queue took it, else the reason.
     */
    public String sendDelayed(JobMessage message, Duration delay) {
        int delaySeconds = (int) Math.max(0, Math.min(900, delay.toSeconds()));
        String body = toJson(message);
        try {
            guard.get(() -> withQueue(() -> sqs.sendMessage(b -> b.queueUrl(settings.url()).messageBody(body)
                    .delaySeconds(delaySeconds > 0 ? delaySeconds : null)
                    .overrideConfiguration(c -> c.apiCallTimeout(settings.sendTimeout())))), Object.class);
            return null;
        } catch (CircuitBreakerOpenException e) {
            return describe("the queue failed repeatedly; trying it again after " + breakerDelay.toMillis() + " ms (circuit open)");
        } catch (RuntimeException e) {
            return describe(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            metrics.queueCalled();
        }
    }

    private <T> T withQueue(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (QueueDoesNotExistException e) {
            if (!settings.createIfMissing()) {
                throw e;
            }
            createQueue();
            return call.get();
        }
    }

    /** Creates the configured queue by name (dev and test only, see {@link QueueSettings#createIfMissing()}). */
    public void createQueue() {
        String path = URI.create(settings.url()).getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        sqs.createQueue(b -> b.queueName(name));
    }

    private String describe(String reason) {
        metrics.queueSendFailed();
        LOG.warnf("job queue send failed, the sweeper will retry: %s", reason);
        return reason.length() > 500 ? reason.substring(0, 500) : reason;
    }

    private String toJson(JobMessage message) {
        return Json.write(json, message);
    }
}
