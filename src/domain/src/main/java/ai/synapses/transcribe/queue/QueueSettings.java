package ai.synapses.transcribe.queue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The job queue. {@code url} has no default: production must name its SQS queue (TRANSCRIBE_QUEUE_URL). */
@ConfigMapping(prefix = "transcribe.queue")
public interface QueueSettings {

    /** The SQS queue URL of the jobs. */
    String url();

    /** Creates the queue when it does not exist: for ElasticMQ in dev and tests, never in production. */
    @WithDefault("false")
    boolean createIfMissing();

    /** How long a submit waits for the queue before leaving the job to the sweeper. */
    @WithDefault("2s")
    Duration sendTimeout();

    /**
     * How many batched sends ({@code SendMessageBatch}, up to ten jobs each) one process keeps in flight. Submits that
     * arrive while they are all under way wait and go out together in the next batch: under load one queue call
     * carries several jobs, and a lone submit is sent at once, so nothing lingers. One keeps the batches fullest; a
     * queue far away (many milliseconds a call) may want more, since a submit waits for its job's send.
     */
    @WithDefault("1")
    int sendsInFlight();

    /** How often the sweeper looks for jobs the queue never acknowledged. */
    @WithDefault("10s")
    Duration sweepInterval();

    /** A job younger than this is left alone by the sweeper: its submit may still be sending it. */
    @WithDefault("5s")
    Duration sweepGrace();

    /** The most jobs one sweep sends. */
    @WithDefault("500")
    int sweepBatchSize();

    /**
     * A job the queue took that no worker has claimed for this long is sent again: its message may have gone
     * to the dead-letter queue or been lost. Keep it above the queue's visibility time-out, after which a
     * message left for redelivery comes back by itself.
     */
    @WithDefault("2h")
    Duration pickupTimeout();

    /** How many times such a job is sent again; unclaimed after that, it fails with {@code queue_timeout} and is refunded. */
    @WithDefault("2")
    int maxRequeues();
}
