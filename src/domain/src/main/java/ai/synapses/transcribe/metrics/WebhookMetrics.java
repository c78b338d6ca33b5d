package ai.synapses.transcribe.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Webhook delivery attempts by outcome, recorded once per attempt with the outcome the deliveries route shows:
 * {@code transcribe_webhook_attempts_total{outcome}}. The usual outcomes are registered up front so
 * that dashboards see zeros, not gaps.
 */
@Startup // registers the outcomes at start, before the first webhook
@ApplicationScoped
public class WebhookMetrics {

    /** 2xx from the customer's endpoint. */
    public static final String DELIVERED = "delivered";
    /** Non-2xx, time-out, refused address or connection failure; another attempt will follow. */
    public static final String RETRYING = "retrying";
    /** 410 Gone: the URL is disabled for that transcription. */
    public static final String DISABLED = "disabled";
    /** The last attempt of the schedule failed; no more will follow. */
    public static final String FAILED = "failed";
    /** The process making the attempt died before recording its outcome (a function time-out); it still counts. */
    public static final String LOST = "lost";

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String outcome : new String[] {DELIVERED, RETRYING, DISABLED, FAILED, LOST}) {
            registry.counter("transcribe.webhook.attempts", "outcome", outcome);
        }
    }

    public void attempt(String outcome) {
        registry.counter("transcribe.webhook.attempts", "outcome", outcome).increment();
    }
}
