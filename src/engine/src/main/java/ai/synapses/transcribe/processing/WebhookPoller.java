package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.webhook.WebhookProcessor;
import ai.synapses.transcribe.webhook.WebhookQueue;
import ai.synapses.transcribe.webhook.WebhookQueueMessage;
import ai.synapses.transcribe.webhook.WebhookSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * Outside Lambda, the webhook queue's consumer: a few threads long-poll it and hand each message to the
 * same {@link WebhookProcessor} as the Lambda handler. Several threads, because one attempt may wait
 * 15 s on a slow receiver and must not hold up everyone else's webhooks. Runs whenever the job poller does.
 */
@ApplicationScoped
public class WebhookPoller {

    private static final Logger LOG = Logger.getLogger(WebhookPoller.class);

    private final SqsClient sqs;
    private final WebhookQueue queue;
    private final WebhookSettings webhooks;
    private final WorkerSettings settings;
    private final WebhookProcessor processor;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public WebhookPoller(SqsClient sqs, WebhookQueue queue, WebhookSettings webhooks, WorkerSettings settings,
            WebhookProcessor processor) {
        this.sqs = sqs;
        this.queue = queue;
        this.webhooks = webhooks;
        this.settings = settings;
        this.processor = processor;
    }

    void start(@Observes StartupEvent event) {
        if (!webhooks.pollEnabled().orElse(settings.polling())) {
            return;
        }
        running = true;
        for (int i = 1; i <= webhooks.pollers(); i++) {
            Thread thread = new Thread(this::loop, "webhook-poller-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        LOG.infof("polling %s for webhooks with %d threads", queue.url(), webhooks.pollers());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        threads.forEach(Thread::interrupt);
    }

    private void loop() {
        while (running) {
            try {
                int wait = (int) Math.min(20, settings.pollWait().toSeconds());
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(1)
                        .waitTimeSeconds(wait)).messages();
                for (Message message : messages) {
                    handle(message);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("receiving from the webhook queue failed (%s); retrying in 2 s", e.getMessage());
                    pause();
                }
            }
        }
    }

    private void handle(Message message) {
        WebhookQueueMessage webhook = processor.parse(message.body());
        if (webhook == null) {
            LOG.errorf("message %s is not a webhook message; left for the dead-letter queue", message.messageId());
            return;
        }
        if (processor.process(webhook) == WebhookProcessor.Outcome.ACKNOWLEDGE) {
            sqs.deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
