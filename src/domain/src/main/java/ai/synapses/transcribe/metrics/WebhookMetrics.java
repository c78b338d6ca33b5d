package ai.synapses.transcribe.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Webhook delivery attempts by outcome, for the webhook sender to call once per HTTP attempt:
 * {@code transcribe_webhook_attempts_total{outcome}}. The usual outcomes are registered up front so
 * that dashboards see zeros, not gaps.
 */
@ApplicationScoped
public class WebhookMetrics {

    /** 2xx from the customer's endpoint. */
    public static final String DELIVERED = "delivered";
    /** Non-2xx, time-out or connection failure; another attempt will follow. */
    public static final String RETRYING = "retrying";
    /** The last attempt failed; no more will follow. */
    public static final String GAVE_UP = "gave_up";
    /** Refused by the SSRF guard (the URL resolves to a forbidden address). */
    public static final String FORBIDDEN = "forbidden";

    private final MeterRegistry registry;

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String outcome : new String[] {DELIVERED, RETRYING, GAVE_UP, FORBIDDEN}) {
            registry.counter("transcribe.webhook.attempts", "outcome", outcome);
        }
    }

    public void attempt(String outcome) {
        registry.counter("transcribe.webhook.attempts", "outcome", outcome).increment();
    }
}
