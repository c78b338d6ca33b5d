package ai.synapses.transcribe.api.metrics;

import ai.synapses.transcribe.error.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code transcribe_submits_total{outcome, error_code}}: {@code accepted}, {@code replayed} (an
 * idempotent replay), {@code rejected} with the envelope's error code, or {@code error} (ours, 5xx).
 */
@ApplicationScoped
public class SubmitMetrics {

    private final MeterRegistry registry;

    public SubmitMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.counter("transcribe.submits", "outcome", "accepted", "error_code", "none");
    }

    public void accepted(boolean replayed) {
        registry.counter("transcribe.submits", "outcome", replayed ? "replayed" : "accepted", "error_code", "none").increment();
    }

    public void failed(Throwable failure) {
        if (failure instanceof ApiProblem problem && problem.status() < 500) {
            registry.counter("transcribe.submits", "outcome", "rejected", "error_code", problem.code()).increment();
        } else {
            registry.counter("transcribe.submits", "outcome", "error", "error_code", "internal_error").increment();
        }
    }
}
