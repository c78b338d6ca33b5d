package ai.synapses.transcribe.webhook;

import ai.synapses.transcribe.json.Json;
import ai.synapses.transcribe.queue.QueueSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.net.URI;
import java.time.Duration;

/**
 * The webhook queue (separate from the job queue: a backlog of slow receivers must never delay a job).
 * Waits between attempts are the messages' DelaySeconds, never a sleeping thread; SQS caps a delay at
 * 900 s, so a longer wait is several hops (see {@link WebhookProcessor}). Blocking: call from worker threads.
 */
@ApplicationScoped
public class WebhookQueue {

    private static final Logger LOG = Logger.getLogger(WebhookQueue.class);

    private final SqsClient sqs;
    private final WebhookSettings settings;
    private final QueueSettings queueSettings;
    private final ObjectMapper json;
    private final String url;

    public WebhookQueue(SqsClient sqs, WebhookSettings settings, QueueSettings queueSettings, ObjectMapper json) {
        this.sqs = sqs;
        this.settings = settings;
        this.queueSettings = queueSettings;
        this.json = json;
        this.url = settings.queueUrl().filter(value -> !value.isBlank()).orElseGet(() -> besideJobQueue(queueSettings.url()));
    }

    public String url() {
        return url;
    }

    /** {@code https://sqs.../123/transcription-jobs} -> {@code https://sqs.../123/transcription-webhooks}. */
    static String besideJobQueue(String jobQueueUrl) {
        String base = jobQueueUrl.replaceAll("/+$", "");
        return base.substring(0, base.lastIndexOf('/') + 1) + "transcription-webhooks";
    }

    /** Sends after {@code delay} (capped at the queue's maximum); false when the queue did not take it. */
    public boolean send(WebhookQueueMessage message, Duration delay) {
        String body = toJson(message);
        int seconds = (int) Math.max(0, Math.min(settings.maxQueueDelay().toSeconds(), ceilSeconds(delay)));
        try {
            sendOnce(body, seconds);
            return true;
        } catch (QueueDoesNotExistException e) {
            if (queueSettings.createIfMissing()) {
                try {
                    createQueue();
                    sendOnce(body, seconds);
                    return true;
                } catch (RuntimeException retry) {
                    LOG.warnf("webhook queue send failed: %s", retry.getMessage());
                    return false;
                }
            }
            LOG.warnf("webhook queue %s does not exist", url);
            return false;
        } catch (RuntimeException e) {
            LOG.warnf("webhook queue send failed, the sweeper will retry: %s", e.getMessage());
            return false;
        }
    }

    /** Creates the queue by name (dev and tests, see {@link QueueSettings#createIfMissing()}). */
    public void createQueue() {
        String path = URI.create(url).getPath();
        sqs.createQueue(b -> b.queueName(path.substring(path.lastIndexOf('/') + 1)));
    }

    private void sendOnce(String body, int delaySeconds) {
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).delaySeconds(delaySeconds)
                .overrideConfiguration(c -> c.apiCallTimeout(queueSettings.sendTimeout())));
    }

    private static long ceilSeconds(Duration delay) {
        long millis = delay.toMillis();
        return millis <= 0 ? 0 : (millis + 999) / 1000;
    }

    private String toJson(WebhookQueueMessage message) {
        return Json.write(json, message);
    }

    /** Null when the body is not a webhook queue message. */
    public WebhookQueueMessage parse(String body) {
        try {
            WebhookQueueMessage message = json.readValue(body, WebhookQueueMessage.class);
            return message.messageId() == null ? null : message;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }
}
