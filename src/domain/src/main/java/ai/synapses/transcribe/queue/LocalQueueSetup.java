package ai.synapses.transcribe.queue;

import io.quarkus.runtime.StartupEvent;
import ai.synapses.transcribe.webhook.WebhookQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Creates the job queue and the webhook queue at start when told to (ElasticMQ in dev and tests). Production queues come from the SAM template. */
@ApplicationScoped
public class LocalQueueSetup {

    private static final Logger LOG = Logger.getLogger(LocalQueueSetup.class);

    void onStart(@Observes StartupEvent event, QueueSettings settings, JobQueue queue, WebhookQueue webhooks) {
        if (!settings.createIfMissing()) {
            return;
        }
        try {
            queue.createQueue();
        } catch (RuntimeException e) {
            LOG.warnf("could not create the job queue %s yet (%s); submits will retry", settings.url(), e.getMessage());
        }
        try {
            webhooks.createQueue();
        } catch (RuntimeException e) {
            LOG.warnf("could not create the webhook queue %s yet (%s); sends will retry", webhooks.url(), e.getMessage());
        }
    }
}
