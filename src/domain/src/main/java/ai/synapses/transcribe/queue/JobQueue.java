package ai.synapses.transcribe.queue;

import ai.synapses.transcribe.availability.ResilienceSettings;
import ai.synapses.transcribe.json.Json;
import ai.synapses.transcribe.metrics.JobMetrics;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Sends job messages to SQS (ElasticMQ locally). The SDK client blocks, so sends run on a worker
 * thread and come back on the caller's Vert.x context. A failed send is not an error for the
 * caller: the job stays unsent and the {@link UnsentJobSweeper} sends it later.
 *
 * <p>Each send is guarded: the SDK's call time-out ({@code transcribe.queue.send-timeout}), a bounded
 * retry, and a circuit breaker: while the queue is down, submits stop waiting for it (they answer 202 at
 * once and leave the job to the sweeper), and after the breaker's delay one send tries the queue again.
 */
@ApplicationScoped
public class JobQueue {

    private static final Logger LOG = Logger.getLogger(JobQueue.class);

    private final SqsClient sqs;
    private final QueueSettings settings;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final JobMetrics metrics;
    private final Guard guard;
    private final Duration breakerDelay;

    public JobQueue(SqsClient sqs, QueueSettings settings, ObjectMapper json, Vertx vertx, ResilienceSettings resilience,
            JobMetrics metrics) {
        this.metrics = metrics;
        this.sqs = sqs;
        this.settings = settings;
        this.json = json;
        this.vertx = vertx;
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

    /** Emits null when the queue took the message, else the reason it did not. Never fails. */
    public Uni<String> send(JobMessage message) {
        String body = toJson(message);
        return vertx.executeBlocking(Uni.createFrom().item(() -> sendBlocking(body, 0)), false);
    }

    /**
     * Sends the message again, to be delivered after {@code delay} (SQS allows up to 15 minutes), from a
     * worker's thread, through the same guard as {@link #send}. Null when the queue took it, else the reason.
     */
    public String sendDelayed(JobMessage message, Duration delay) {
        return sendBlocking(toJson(message), (int) Math.max(0, Math.min(900, delay.toSeconds())));
    }

    private String sendBlocking(String body, int delaySeconds) {
        try {
            guard.get(() -> {
                attempt(body, delaySeconds);
                return Boolean.TRUE;
            }, Boolean.class);
            return null;
        } catch (CircuitBreakerOpenException e) {
            return describe(new IllegalStateException("the queue failed repeatedly; trying it again after "
                    + breakerDelay.toMillis() + " ms (circuit open)"));
        } catch (RuntimeException e) {
            return describe(e);
        }
    }

    private void attempt(String body, int delaySeconds) {
        try {
            sendOnce(body, delaySeconds);
        } catch (QueueDoesNotExistException e) {
            if (!settings.createIfMissing()) {
                throw e;
            }
            createQueue();
            sendOnce(body, delaySeconds);
        }
    }

    private void sendOnce(String body, int delaySeconds) {
        sqs.sendMessage(b -> b.queueUrl(settings.url()).messageBody(body).delaySeconds(delaySeconds > 0 ? delaySeconds : null)
                .overrideConfiguration(c -> c.apiCallTimeout(settings.sendTimeout())));
    }

    /** Creates the configured queue by name (dev and test only, see {@link QueueSettings#createIfMissing()}). */
    public void createQueue() {
        String path = URI.create(settings.url()).getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        sqs.createQueue(b -> b.queueName(name));
    }

    private String describe(RuntimeException e) {
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        metrics.queueSendFailed();
        LOG.warnf("job queue send failed, the sweeper will retry: %s", reason);
        return reason.length() > 500 ? reason.substring(0, 500) : reason;
    }

    private String toJson(JobMessage message) {
        return Json.write(json, message);
    }
}
