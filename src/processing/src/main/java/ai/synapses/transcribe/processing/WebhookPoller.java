package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.webhook.WebhookProcessor;
import ai.synapses.transcribe.webhook.WebhookQueue;
import ai.synapses.transcribe.webhook.WebhookSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;


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
    private LongPoller poller;

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
        poller = new LongPoller(sqs, queue.url(), "webhook queue", settings.pollWait(), processor);
        poller.start("webhook-poller", webhooks.pollers());
        LOG.infof("polling %s for webhooks with %d threads", queue.url(), webhooks.pollers());
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }
}
