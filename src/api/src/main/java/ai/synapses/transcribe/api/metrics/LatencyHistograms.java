package ai.synapses.transcribe.api.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Set;

/**
 * Latency histograms ({@code http_server_requests_seconds_bucket}) for the two routes integrators
 * call most, submit and status; the other routes keep Micrometer's plain count/sum/max, which keeps
 * the number of series small.
 */
public class LatencyHistograms {

    static final Set<String> ROUTES = Set.of("/v1/audio/transcribe", "/v1/audio/transcriptions/{transcription_id}");

    @Produces
    @Singleton
    MeterFilter submitAndStatusHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!"http.server.requests".equals(id.getName()) || !ROUTES.contains(id.getTag("uri"))) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(Duration.ofMillis(25).toNanos(), Duration.ofMillis(50).toNanos(),
                                Duration.ofMillis(100).toNanos(), Duration.ofMillis(150).toNanos(),
                                Duration.ofMillis(250).toNanos(), Duration.ofMillis(500).toNanos(),
                                Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(2).toNanos(),
                                Duration.ofSeconds(5).toNanos())
                        .build().merge(config);
            }
        };
    }
}
