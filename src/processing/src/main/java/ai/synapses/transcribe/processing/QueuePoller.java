package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.QueueSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;


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
        poller = new LongPoller(sqs, queue.url(), "job queue", settings.pollWait(), this::handle);
        poller.start("queue-poller", 1);
        LOG.infof("polling %s for jobs", queue.url());
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }

    /** True when the message can be deleted; otherwise SQS delivers it again. */
    private boolean handle(Message message) {
        JobMessage job = processor.parse(message.body());
        if (job == null) {
            LOG.errorf("message %s is not a job message; left for the dead-letter queue", message.messageId());
            return false;
        }
        return processor.process(job) == JobProcessor.Outcome.ACKNOWLEDGE;
    }
}
