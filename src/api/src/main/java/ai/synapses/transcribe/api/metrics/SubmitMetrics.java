package ai.synapses.transcribe.api.metrics;

import ai.synapses.transcribe.api.http.ApiProblem;
import ai.synapses.transcribe.error.DomainException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code transcribe_submits_total{outcome, error_code}}: {@code accepted}, {@code replayed} (an
 * idempotent replay), {@code rejected} with the envelope's error code, or {@code error} (ours, 5xx).
 */
@ApplicationScoped
public class SubmitMetrics {

    private final MeterRegistry registry;
    // looked up once: the registry's lookup by name and tags is a cost on every submit
    private final Counter accepted;
    private final Counter replayed;

    public SubmitMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = registry.counter("transcribe.submits", "outcome", "accepted", "error_code", "none");
        this.replayed = registry.counter("transcribe.submits", "outcome", "replayed", "error_code", "none");
    }

    public void accepted(boolean replayed) {
        (replayed ? this.replayed : accepted).increment();
    }

    public void failed(Throwable failure) {
        ApiProblem problem = failure instanceof DomainException refusal ? ApiProblem.of(refusal)
                : failure instanceof ApiProblem own ? own : null;
        if (problem != null && problem.status() < 500) {
            rejected(problem.code());
        } else {
            registry.counter("transcribe.submits", "outcome", "error", "error_code", "internal_error").increment();
        }
    }

    /** Refused with the envelope's {@code code}: the customer's mistake, not ours. */
    public void rejected(String code) {
        registry.counter("transcribe.submits", "outcome", "rejected", "error_code", code).increment();
    }
}
