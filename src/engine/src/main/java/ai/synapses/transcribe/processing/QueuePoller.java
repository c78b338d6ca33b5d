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

import java.util.List;

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
    private volatile boolean running;
    private Thread thread;

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
        running = true;
        thread = new Thread(this::loop, "queue-poller");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("polling %s for jobs", queue.url());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
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
                    LOG.warnf("receiving from the job queue failed (%s); retrying in 2 s", e.getMessage());
                    sleep(2000);
                }
            }
        }
    }

    private void handle(Message message) {
        JobMessage job = processor.parse(message.body());
        if (job == null) {
            LOG.errorf("message %s is not a job message; left for the dead-letter queue", message.messageId());
            return;
        }
        if (processor.process(job) == JobProcessor.Outcome.ACKNOWLEDGE) {
            sqs.deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
