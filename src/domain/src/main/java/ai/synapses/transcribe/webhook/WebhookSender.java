package ai.synapses.transcribe.webhook;

import ai.synapses.transcribe.egress.EgressException;
import ai.synapses.transcribe.egress.EgressResponse;
import ai.synapses.transcribe.egress.FetchOptions;
import ai.synapses.transcribe.egress.FetchSettings;
import ai.synapses.transcribe.egress.SafeHttpClient;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP attempt of a webhook: POST through the SSRF-guarded client (the address is checked again now,
 * whatever it was at submit), no redirects followed, everything over after {@code timeout}: the client closes
 * the connection at that moment, whatever the receiver is doing (silent, trickling, sending interim answers).
 * Each receiving host has its own SmallRye Fault Tolerance circuit breaker that stops spending workers on a
 * host that keeps timing out or refusing connections. Only those count against the breaker;
 * a host that answers (even 500) is alive, and one customer's dead host never blocks another's.
 */
@ApplicationScoped
public class WebhookSender implements AutoCloseable {

    /** Guards of the most recently used hosts; a forgotten host simply starts with a closed circuit again. */
    private static final int MAX_GUARDS = 10_000;

    /** What came of an attempt. {@code status} is null when no answer came. */
    public record Attempt(Integer status, long latencyMs, String error) {
        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        public boolean gone() {
            return status != null && status == 410;
        }
    }

    private final SafeHttpClient http;
    private final int circuitRequestVolume;
    private final Duration circuitDelay;
    private final Map<String, Guard> guards = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Guard> eldest) {
            return size() > MAX_GUARDS;
        }
    };

    @Inject
    public WebhookSender(FetchSettings fetch, WebhookSettings settings) {
        this(FetchOptions.of(fetch), SafeHttpClient.trust(fetch), settings.timeout(), settings.circuitRequestVolume(),
                settings.circuitDelay());
    }

    /** {@code fetch} gives the address rules; its time-outs are capped at {@code timeout}. */
    public WebhookSender(FetchOptions fetch, SSLContext tls, Duration timeout, int circuitRequestVolume, Duration circuitDelay) {
        Duration connect = fetch.connectTimeout().compareTo(timeout) < 0 ? fetch.connectTimeout() : timeout;
        this.http = new SafeHttpClient(fetch.withTimeouts(connect, timeout, timeout), tls);
        this.circuitRequestVolume = circuitRequestVolume;
        this.circuitDelay = circuitDelay;
    }

    /** POSTs {@code body} with the Standard Webhooks headers; never throws. */
    public Attempt send(String url, String messageId, long timestampSeconds, String body, String signatures) {
        Map<String, String> headers = Map.of(
                "webhook-id", messageId,
                "webhook-timestamp", Long.toString(timestampSeconds),
                "webhook-signature", signatures);
        long start = System.nanoTime();
        Integer status = null;
        String error = null;
        try {
            Guard guard = guard(http.validate(url).host());
            status = guard.call(() -> post(url, body, headers), Integer.class);
            if (status < 200 || status >= 300) {
                error = status >= 300 && status < 400 ? "http_error: HTTP " + status + " (redirects are not followed)"
                        : "http_error: HTTP " + status;
            }
        } catch (EgressException e) {
            error = e.code() + ": " + e.getMessage();
        } catch (CircuitBreakerOpenException e) {
            error = "circuit_open: recent attempts to this host timed out or could not connect; not tried";
        } catch (Exception e) {
            error = "unreachable: " + e.getMessage();
        }
        long latency = (System.nanoTime() - start) / 1_000_000;
        return new Attempt(status, latency, error == null ? null : truncate(error));
    }

    /** The status of any HTTP answer; only failures to get one are thrown. */
    private Integer post(String url, String body, Map<String, String> headers) throws EgressException {
        try (EgressResponse response = http.postJson(url, body, headers)) {
            return response.status();
        } catch (EgressException e) {
            if (e.reason() == EgressException.Reason.HTTP_ERROR && e.httpStatus() > 0) {
                return e.httpStatus();
            }
            throw e;
        }
    }

    private Guard guard(String host) {
        synchronized (guards) {
            return guards.computeIfAbsent(host, this::newGuard);
        }
    }

    private Guard newGuard(String host) {
        return Guard.create()
                .withDescription("webhook to " + host)
                .withCircuitBreaker()
                    .requestVolumeThreshold(circuitRequestVolume)
                    .failureRatio(0.5)
                    .delay(circuitDelay.toMillis(), ChronoUnit.MILLIS)
                    .when(WebhookSender::hostFailure)
                    .done()
                .build();
    }

    /** A time-out or a refused connection: the host is in trouble. Forbidden addresses and bad URLs are not. */
    private static boolean hostFailure(Throwable e) {
        return e instanceof EgressException egress && (egress.reason() == EgressException.Reason.TIMEOUT
                || egress.reason() == EgressException.Reason.UNREACHABLE);
    }

    private static String truncate(String text) {
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    @PreDestroy
    @Override
    public void close() {
        http.close();
    }
}
