package ai.synapses.transcribe.api;

import ai.synapses.transcribe.queue.QueueSettings;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;

/** Reads what reached the real (ElasticMQ) job queue. */
@ApplicationScoped
public class JobQueueProbe {

    private final SqsClient sqs;
    private final QueueSettings settings;

    public JobQueueProbe(SqsClient sqs, QueueSettings settings) {
        this.sqs = sqs;
        this.settings = settings;
    }

    /** Takes every message now on the queue (and deletes them), waiting up to {@code waitSeconds} for the first. */
    public List<String> drain(int waitSeconds) {
        List<String> bodies = new ArrayList<>();
        int wait = waitSeconds;
        while (true) {
            int w = wait;
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(settings.url()).maxNumberOfMessages(10)
                    .waitTimeSeconds(w)).messages();
            if (batch.isEmpty()) {
                return bodies;
            }
            for (Message m : batch) {
                bodies.add(m.body());
                sqs.deleteMessage(b -> b.queueUrl(settings.url()).receiptHandle(m.receiptHandle()));
            }
            wait = 0;
        }
    }

    public void ensureQueue() {
        String path = java.net.URI.create(settings.url()).getPath();
        sqs.createQueue(b -> b.queueName(path.substring(path.lastIndexOf('/') + 1)));
    }
}
