package ai.synapses.transcribe.probe;

import ai.synapses.transcribe.availability.ResilienceSettings;
import ai.synapses.transcribe.egress.FetchSettings;
import ai.synapses.transcribe.error.DomainException;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A fault-tolerance guard per audio host: a time-out on the whole probe (a backstop: the probe's own
 * deadline closes its connection first), one retry of a transient failure, and a circuit breaker, so that a flood of submits pointing at a dead or hanging server is
 * refused at once instead of holding worker threads for the full fetch time-out each. Per host, so one
 * customer's broken server costs nobody else anything.
 */
@ApplicationScoped
public class AudioHostGuards {

    private static final Logger LOG = Logger.getLogger(AudioHostGuards.class);
    /** What the customer's server may answer when it is overloaded or restarting: worth one more try. */
    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(502, 503, 504);
    private static final Duration PROBE_DEADLINE_MARGIN = Duration.ofSeconds(1);

    private final ResilienceSettings.Audio settings;
    private final long timeoutMillis;
    private final Map<String, Guard> guards;

    public AudioHostGuards(ResilienceSettings resilience, FetchSettings fetch) {
        this.settings = resilience.audio();
        // The probe's own deadline closes its connection at the total time-out; this one only answers, and
        // would leave the probe's thread behind, so it stays a second behind as a backstop.
        this.timeoutMillis = fetch.totalTimeout().plus(PROBE_DEADLINE_MARGIN).toMillis();
        int capacity = settings.breakerHosts();
        this.guards = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Guard> eldest) {
                return size() > capacity;
            }
        });
    }

    /** The longest one probe can take under its guard: every attempt cut off at the time-out, with the waits between them. */
    public Duration longestProbe() {
        int attempts = settings.retries() + 1;
        return Duration.ofMillis(timeoutMillis).multipliedBy(attempts).plus(settings.retryDelay().multipliedBy(settings.retries()));
    }

    /** The guard of the URL's host. */
    public Guard forUrl(String url) {
        return guards.computeIfAbsent(host(url), this::create);
    }

    private Guard create(String host) {
        return Guard.create().withDescription("audio probe " + host)
                .withRetry().maxRetries(settings.retries()).delay(settings.retryDelay().toMillis(), ChronoUnit.MILLIS)
                        .whenException(AudioHostGuards::isTransient).done()
                .withCircuitBreaker().requestVolumeThreshold(settings.breakerVolume()).failureRatio(settings.breakerRatio())
                        .delay(settings.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                        .when(AudioHostGuards::isHostFailure)
                        .onStateChange(state -> LOG.warnf("audio host %s: circuit breaker is now %s", host, state)).done()
                .withTimeout().duration(timeoutMillis, ChronoUnit.MILLIS).done()
                .build();
    }

    /** Refused or reset connections and gateway errors: the server may be back a moment later. */
    static boolean isTransient(Throwable failure) {
        return failure instanceof DomainException problem && ("audio_url_unreachable".equals(problem.code())
                || ("audio_url_http_error".equals(problem.code()) && problem.details() != null
                    && TRANSIENT_STATUSES.contains(problem.details().get("http_status"))));
    }

    /** The host is failing (not the customer's file): unreachable, too slow, or answering 5xx. */
    static boolean isHostFailure(Throwable failure) {
        if (failure instanceof TimeoutException) {
            return true;
        }
        if (!(failure instanceof DomainException problem)) {
            return false;
        }
        return switch (problem.code()) {
            case "audio_url_unreachable", "audio_url_timeout" -> true;
            case "audio_url_http_error" -> problem.details() != null
                    && problem.details().get("http_status") instanceof Integer status && status >= 500;
            default -> false;
        };
    }

    private static String host(String url) {
        try {
            URI uri = URI.create(url);
            return (uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT)) + ":" + uri.getPort();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
