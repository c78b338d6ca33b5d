package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.queue.QueueSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;


/**
 * Outside Lambda (containers, dev mode), the same processor as the Lambda handler, fed by SQS long
 * polling: one job at a time per process, since recognition already uses every core.
 */
@ApplicationScoped
public class QueuePoller {

    private static final Logger LOG = Logger.getLogger(QueuePoller.class);

    private final SqsClient sqs;
    private final QueueSettings queue;
    private final WorkerSettings settings;
    private final JobProcessor processor;
    private LongPoller poller;

    public QueuePoller(SqsClient sqs, QueueSettings queue, WorkerSettings settings, JobProcessor processor) {
        this.sqs = sqs;
        this.queue = queue;
        this.settings = settings;
        this.processor = processor;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.polling()) {
            return;
        }
        poller = new LongPoller(sqs, queue.url(), "job queue", settings.pollWait(), processor);
        poller.start("queue-poller", 1);
        LOG.infof("polling %s for jobs", queue.url());
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }
}
