package ai.synapses.transcribe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What operators watch about money and jobs. Counted after the transaction that made it true
 * committed, so a rolled-back refund is never counted. Prometheus names: {@code transcribe_synapses_debited_total},
 * {@code transcribe_synapses_refunded_total},
 * {@code transcribe_synapses_surcharged_total}, {@code transcribe_jobs_finished_total{status,error_code}},
 * {@code transcribe_queue_send_failures_total}, {@code transcribe_queue_calls_total} (job queue requests: a batch
 * of several jobs is one), {@code transcribe_recognition_real_time_factor}.
 */
@ApplicationScoped
public class JobMetrics {

    private final MeterRegistry registry;
    private final Counter debited;
    private final Counter refunded;
    private final Counter surcharged;
    private final Counter sendFailures;
    private final Counter queueCalls;
    private final DistributionSummary realTimeFactor;

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.debited = Counter.builder("transcribe.synapses.debited").description("Synapses pre-charged by submits")
                .register(registry);
        this.refunded = Counter.builder("transcribe.synapses.refunded")
                .description("Synapses refunded (settlement, failure, cancel)").register(registry);
        this.surcharged = Counter.builder("transcribe.synapses.surcharged")
                .description("Synapses charged by workers for audio longer than its submit paid for").register(registry);
        this.sendFailures = Counter.builder("transcribe.queue.send.failures")
                .description("Job messages the queue did not take (the sweeper resends them)").register(registry);
        this.queueCalls = Counter.builder("transcribe.queue.calls")
                .description("Requests to the job queue (one SendMessageBatch carries up to ten jobs)").register(registry);
        this.realTimeFactor = DistributionSummary.builder("transcribe.recognition.real.time.factor")
                .description("Recognition wall time divided by audio duration, per job")
                .serviceLevelObjectives(0.05, 0.1, 0.2, 0.5, 1.0, 2.0).register(registry);
    }

    public void debited(long synapses) {
        debited.increment(synapses);
    }

    public void surcharged(long synapses) {
        surcharged.increment(synapses);
    }

    public void refunded(long synapses) {
        if (synapses > 0) {
            refunded.increment(synapses);
        }
    }

    /** A job reached a final status; {@code errorCode} for failed jobs, else null. */
    public void finished(String status, String errorCode) {
        registry.counter("transcribe.jobs.finished", "status", status, "error_code", errorCode == null ? "none" : errorCode)
                .increment();
    }

    public void queueSendFailed() {
        sendFailures.increment();
    }

    public void queueCalled() {
        queueCalls.increment();
    }

    public void realTimeFactor(double factor) {
        realTimeFactor.record(factor);
    }
}
