package ai.synapses.transcribe.queue;

import ai.synapses.transcribe.metrics.JobMetrics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.net.URI;
import java.time.Duration;

/**
 * Sends job messages to SQS (ElasticMQ locally). The SDK client blocks, so sends run on a worker
 * thread and come back on the caller's Vert.x context. A failed send is not an error for the
 * caller: the job stays unsent and the {@link UnsentJobSweeper} sends it later.
 */
@ApplicationScoped
public class JobQueue {

    private static final Logger LOG = Logger.getLogger(JobQueue.class);

    private final SqsClient sqs;
    private final QueueSettings settings;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final JobMetrics metrics;

    public JobQueue(SqsClient sqs, QueueSettings settings, ObjectMapper json, Vertx vertx, JobMetrics metrics) {
        this.metrics = metrics;
        this.sqs = sqs;
        this.settings = settings;
        this.json = json;
        this.vertx = vertx;
    }

    /** Emits null when the queue took the message, else the reason it did not. Never fails. */
    public Uni<String> send(JobMessage message) {
        String body = toJson(message);
        return vertx.executeBlocking(Uni.createFrom().item(() -> sendBlocking(body)), false);
    }

    /**
     * Sends the message again, to be delivered after {@code delay} (SQS allows up to 15 minutes), from a
     * worker's thread. Null when the queue took it, else the reason.
     */
    public String sendDelayed(JobMessage message, Duration delay) {
        int seconds = (int) Math.max(0, Math.min(900, delay.toSeconds()));
        try {
            sqs.sendMessage(b -> b.queueUrl(settings.url()).messageBody(toJson(message)).delaySeconds(seconds)
                    .overrideConfiguration(c -> c.apiCallTimeout(settings.sendTimeout())));
            return null;
        } catch (RuntimeException e) {
            return describe(e);
        }
    }

    private String sendBlocking(String body) {
        try {
            sendOnce(body);
            return null;
        } catch (QueueDoesNotExistException e) {
            if (!settings.createIfMissing()) {
                return describe(e);
            }
            try {
                createQueue();
                sendOnce(body);
                return null;
            } catch (RuntimeException retry) {
                return describe(retry);
            }
        } catch (RuntimeException e) {
            return describe(e);
        }
    }

    private void sendOnce(String body) {
        sqs.sendMessage(b -> b.queueUrl(settings.url()).messageBody(body)
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
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
