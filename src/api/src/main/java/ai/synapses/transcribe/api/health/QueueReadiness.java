package ai.synapses.transcribe.api.health;

import ai.synapses.transcribe.queue.JobQueue;
import ai.synapses.transcribe.queue.QueueSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.time.Duration;

/**
 * Ready only while the job queue answers: a submit still succeeds without it (the outbox keeps the
 * job), but a load balancer should prefer instances that can queue right away, and an operator
 * should see the outage. The database's readiness is Quarkus' own reactive-client check.
 * Blocking (the SDK client), so SmallRye Health runs it on a worker thread.
 */
@Readiness
@ApplicationScoped
public class QueueReadiness implements HealthCheck {

    static final String NAME = "job queue";

    private final SqsClient sqs;
    private final QueueSettings settings;
    private final JobQueue queue;

    public QueueReadiness(SqsClient sqs, QueueSettings settings, JobQueue queue) {
        this.sqs = sqs;
        this.settings = settings;
        this.queue = queue;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return up();
        } catch (QueueDoesNotExistException e) {
            if (settings.createIfMissing()) {
                // dev and tests: ElasticMQ forgets its queues when restarted; production never creates queues
                try {
                    queue.createQueue();
                    return up();
                } catch (RuntimeException again) {
                    return down(again);
                }
            }
            return down(e);
        } catch (RuntimeException e) {
            return down(e);
        }
    }

    private HealthCheckResponse up() {
        String waiting = sqs.getQueueAttributes(b -> b.queueUrl(settings.url())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(2))))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return HealthCheckResponse.named(NAME).up().withData("approximate_messages", waiting == null ? "unknown" : waiting)
                .build();
    }

    private static HealthCheckResponse down(RuntimeException e) {
        return HealthCheckResponse.named(NAME).down().withData("error", e.getClass().getSimpleName()).build();
    }
}
