package ai.synapses.transcribe.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Webhook delivery (TRANSCRIBE_WEBHOOK_...). See the README's "Webhooks" section. */
@ConfigMapping(prefix = "transcribe.webhook")
public interface WebhookSettings {

    /**
     * The SQS queue of webhook attempts (TRANSCRIBE_WEBHOOK_QUEUE_URL). Unset: {@code transcription-webhooks}
     * beside the job queue (same account and region).
     */
    Optional<String> queueUrl();

    /** One attempt, connect to last byte of the answer's headers: after this it counts as failed. */
    @WithDefault("15s")
    Duration timeout();

    /**
     * How long a claimed attempt holds its event beyond {@link #timeout()}, for recording the answer. An attempt
     * whose outcome is not recorded by then died with its process (a function time-out, a killed worker): it
     * is recorded as {@code lost} and the retry schedule goes on. Must exceed what recording takes under load.
     */
    @WithDefault("30s")
    Duration leaseMargin();

    /**
     * The waits after each failed attempt; the first attempt is immediate, so the defaults make 8 attempts:
     * at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 24 h after the previous one. Then the message fails.
     */
    @WithDefault("5s,5m,30m,2h,5h,10h,24h")
    List<Duration> retrySchedule();

    /** The longest delay SQS allows on one message (900 s); a longer wait hops through the queue. */
    @WithDefault("900s")
    Duration maxQueueDelay();

    /** How long the secret before a rotation keeps signing beside the new one. */
    @WithDefault("24h")
    Duration rotationOverlap();

    /** Prefix of the status link in payloads, e.g. https://api.example.com; unset: a path. */
    Optional<String> publicBaseUrl();

    /** How often the outbox sweeper looks for messages the queue never got (or lost). */
    @WithDefault("30s")
    Duration sweepInterval();

    /** A message due (or never sent) for longer than this is sent to the queue again by the sweeper. */
    @WithDefault("2m")
    Duration sweepGrace();

    /** Long-poll the webhook queue from this process; unset: whenever the job queue is polled (transcribe.worker.poll-enabled). */
    Optional<Boolean> pollEnabled();

    /** Outside Lambda: threads that long-poll the webhook queue, each sending one webhook at a time. */
    @WithDefault("4")
    int pollers();

    /** Circuit breaker per receiving host: this many recent attempts are looked at ... */
    @WithDefault("10")
    int circuitRequestVolume();

    /** ... and it opens for this long when half of them timed out or could not connect. */
    @WithDefault("60s")
    Duration circuitDelay();
}
