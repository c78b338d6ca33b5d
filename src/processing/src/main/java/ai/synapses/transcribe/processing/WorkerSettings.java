package ai.synapses.transcribe.processing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How the worker takes jobs. See the README's "Worker" section for how these relate to the queue. */
@ConfigMapping(prefix = "transcribe.worker")
public interface WorkerSettings {

    /**
     * Long-poll the queue from this process (containers, dev mode). Unset: on everywhere but AWS Lambda,
     * where the SQS event source mapping delivers the messages instead.
     */
    Optional<Boolean> pollEnabled();

    /** A job in processing longer than this is taken to have lost its worker. Keep it above the longest job. */
    @WithDefault("30m")
    Duration processingTimeout();

    /** Attempts before a job that keeps losing its worker is failed and refunded. */
    @WithDefault("3")
    int maxAttempts();

    /** Long-poll wait per receive (SQS allows at most 20 s). */
    @WithDefault("20s")
    Duration pollWait();

    /** How often the stuck-job sweeper runs. */
    @WithDefault("1m")
    Duration sweepInterval();

    default boolean polling() {
        return pollEnabled().orElse(System.getenv("AWS_LAMBDA_FUNCTION_NAME") == null);
    }
}
