package ai.synapses.transcribe.availability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Time-outs, retries and circuit breakers around what the service depends on
 * ({@code TRANSCRIBE_RESILIENCE_DATABASE_TIMEOUT} and so on). A breaker opens when at least
 * {@code breaker-ratio} of the last {@code breaker-volume} calls failed for availability reasons, answers
 * at once while open, and lets one trial call through after {@code breaker-delay}.
 */
@ConfigMapping(prefix = "transcribe.resilience")
public interface ResilienceSettings {

    Database database();

    Queue queue();

    Audio audio();

    /** PostgreSQL on the request path. */
    interface Database {
        /**
         * The longest a guarded read (authentication, the organisation lookup) may take, waiting for a pooled
         * connection included. Writes have none on our side: abandoning a transaction does not undo its commit.
         */
        @WithDefault("15s")
        Duration timeout();

        /** Retries of a step that could not connect at all (never of one whose connection broke mid-way). */
        @WithDefault("2")
        int retries();

        @WithDefault("100ms")
        Duration retryDelay();

        @WithDefault("10")
        int breakerVolume();

        @WithDefault("0.5")
        double breakerRatio();

        @WithDefault("5s")
        Duration breakerDelay();

        /**
         * The longest a submit whose connection broke after its pre-charge statement was sent spends finding
         * out whether the statement committed (accepted) or not and never will ({@code service_unavailable}); past it the answer is
         * {@code 500 submit_outcome_unknown}.
         */
        @WithDefault("10s")
        Duration outcomeTimeout();
    }

    /** Sending job messages (the time-out is {@code transcribe.queue.send-timeout}). */
    interface Queue {
        @WithDefault("1")
        int retries();

        @WithDefault("100ms")
        Duration retryDelay();

        @WithDefault("4")
        int breakerVolume();

        @WithDefault("0.75")
        double breakerRatio();

        @WithDefault("5s")
        Duration breakerDelay();
    }

    /** Probing customers' audio: one breaker per host, so one customer's dead server costs nobody else. */
    interface Audio {
        /** Retries of a probe that failed transiently (connection refused or reset, 502, 503, 504). */
        @WithDefault("1")
        int retries();

        @WithDefault("250ms")
        Duration retryDelay();

        @WithDefault("10")
        int breakerVolume();

        @WithDefault("0.8")
        double breakerRatio();

        @WithDefault("30s")
        Duration breakerDelay();

        /** Hosts whose breakers are remembered (least recently used forgotten first). */
        @WithDefault("1000")
        int breakerHosts();
    }
}
