package ai.synapses.transcribe.egress;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.ssl.SSLContexts;

import javax.net.ssl.SSLContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Blocking HTTPS client for URLs customers give us (audio files, webhooks), safe against SSRF: only
 * https, no credentials, every address checked by {@link AddressPolicy} at the moment it is resolved for
 * connecting (see {@link GuardedDnsResolver}), redirects followed by hand so each target is checked
 * the same way. Call it from worker threads, never from an event loop.
 *
 * <p>Every exchange has a hard deadline ({@code totalTimeout}, or the probe's): at that moment its connection is
 * closed by {@link ExchangeWatchdog}, whether the host is in the TCP connect, the TLS handshake, the response
 * head or the body, so no host can hold the calling thread longer. Interim (1xx) answers are bounded too.
 *
 * <p>Connections are pooled per host: the service fetches from the same few hosts hundreds of times a
 * second. Trust comes from the JVM default trust store, so {@code -Djavax.net.ssl.trustStore} works.
 */
@ApplicationScoped
public class SafeHttpClient implements AutoCloseable {

    private static final String USER_AGENT = "synapses-transcribe/1.0";
    /** A hostile server must not make us buffer unbounded header lines. */
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;
    /**
     * Interim (1xx) answers accepted before the real one. Servers send one or two (100 Continue, 103 Early
     * Hints); a 102 Processing heartbeat belongs to long WebDAV operations, not to a file or webhook request.
     */
    static final int MAX_INTERIM_RESPONSES = 10;
    /** Bounds how long a connection to an address checked earlier keeps being used after DNS changed. */
    private static final TimeValue CONNECTION_TIME_TO_LIVE = TimeValue.ofMinutes(5);
    private static final IntPredicate SUCCESS = status -> status >= 200 && status < 300;

    private final FetchOptions options;
    private final AddressPolicy policy;
    private final GuardedDnsResolver resolver;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient http;
    private final SSLContext tls;
    private final ExchangeWatchdog watchdog = new ExchangeWatchdog();

    @Inject
    public SafeHttpClient(FetchSettings settings) {
        this(FetchOptions.of(settings), trust(settings));
    }

    public SafeHttpClient(FetchOptions options) {
        this(options, SSLContexts.createSystemDefault());
    }

    /** {@code tls} decides whom to trust; the default is the JVM's default trust store. */
    public SafeHttpClient(FetchOptions options, SSLContext tls) {
        this.options = options;
        this.tls = tls;
        this.policy = new AddressPolicy(options.allowPrivateAddresses());
        this.resolver = new GuardedDnsResolver(policy, options.connectTimeout());
        Timeout connect = timeout(options.connectTimeout());
        Timeout read = timeout(options.readTimeout());
        Http1Config http1 = Http1Config.custom().setMaxLineLength(MAX_HEADER_LINE).setMaxHeaderCount(MAX_HEADERS).build();
        this.connections = new DeadlineConnections()
                .setDnsResolver(resolver)
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(http1)
                        .responseParserFactory(new InterimResponseLimit(http1, MAX_INTERIM_RESPONSES))
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(read)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(CONNECTION_TIME_TO_LIVE)
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).setTcpNoDelay(true).build())
                .setDefaultTlsConfig(TlsConfig.custom().setHandshakeTimeout(connect).build())
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setMaxConnPerRoute(options.maxConnectionsPerHost())
                .setMaxConnTotal(Math.max(256, 4 * options.maxConnectionsPerHost()))
                .build();
        // No proxy from system properties (a proxy would resolve names itself, unchecked), no cookies or
        // auth state shared between customers' URLs, no transparent decompression (byte ranges must mean
        // file bytes, and no zip bombs), no automatic redirects.
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect)
                        .setResponseTimeout(read)
                        .setRedirectsEnabled(false)
                        .setAuthenticationEnabled(false)
                        .setContentCompressionEnabled(false)
                        .setProtocolUpgradeEnabled(false)
                        .build())
                .setRetryStrategy(new StaleConnectionRetry())
                .setUserAgent(USER_AGENT)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableConnectionState()
                .build();
    }

    /** Whom the client trusts under these settings: the configured trust store, else the JVM's default. */
    public static SSLContext trust(FetchSettings settings) {
        if (settings.trustStore().isEmpty()) {
            return SSLContexts.createSystemDefault();
        }
        try {
            return SSLContexts.custom()
                    .loadTrustMaterial(settings.trustStore().get().toFile(), settings.trustStorePassword().toCharArray())
                    .build();
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot load transcribe.fetch.trust-store " + settings.trustStore().get(), e);
        }
    }

    /**
     * Loads what the first TLS connection would otherwise load while a customer waits: the handshake code and
     * a client hello (key shares included), on an engine that never meets a peer.
     */
    public void warmUpTls() throws SSLException {
        SSLEngine engine = tls.createSSLEngine("warm-up.invalid", 443);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
        engine.closeOutbound();
    }

    public FetchOptions options() {
        return options;
    }

    /**
     * The static checks alone (https, no credentials, valid host, IP literal hosts against the policy),
     * without DNS or network: cheap enough for request validation. Names are checked when resolved.
     */
    public EgressUrl validate(String url) throws EgressException {
        EgressUrl parsed = EgressUrl.parse(url);
        checkLiteral(parsed);
        return parsed;
    }

    /**
     * GET, following at most {@code maxRedirects} redirects, each checked like {@code url}. {@code headers}
     * (e.g. {@code Range}) go with every hop. Any final status other than 2xx is {@code http_error}.
     * The caller closes the response.
     */
    public EgressResponse get(String url, Map<String, String> headers) throws EgressException {
        return get(validate(url), headers, SUCCESS, Deadline.after(options.totalTimeout()));
    }

    /**
     * POST of a JSON body; redirects are not followed (a 3xx is an {@code http_error}): a webhook
     * endpoint that moves must be reconfigured, not chased. The caller closes the response.
     */
    public EgressResponse postJson(String url, String json, Map<String, String> headers) throws EgressException {
        EgressUrl target = validate(url);
        HttpPost post = new HttpPost(target.uri());
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        headers.forEach(post::setHeader);
        EgressResponse response = send(post, target, Deadline.after(options.totalTimeout()));
        if (!SUCCESS.test(response.status())) {
            throw statusError(response, target);
        }
        return response;
    }

    /** Opens a remote audio file for random access by range requests, within the probe limits of the options. */
    public RemoteAudio openAudio(String url) throws EgressException {
        return RemoteAudio.open(this, validate(url));
    }

    /** GET with redirects; a final status {@code accept} refuses is an {@code http_error}. */
    EgressResponse get(EgressUrl url, Map<String, String> headers, IntPredicate accept, Deadline deadline) throws EgressException {
        EgressUrl current = url;
        for (int redirects = 0; ; redirects++) {
            EgressResponse response;
            try {
                deadline.check(current.host());
                checkLiteral(current);
                HttpGet get = new HttpGet(current.uri());
                headers.forEach(get::setHeader);
                response = send(get, current, deadline);
            } catch (EgressException e) {
                throw redirects == 0 ? e : e.within("redirect " + redirects + " to " + current.host());
            }
            int status = response.status();
            if (!isRedirect(status)) {
                if (!accept.test(status)) {
                    throw statusError(response, current);
                }
                return response;
            }
            String location = response.header("Location").orElse(null);
            response.discard();
            if (redirects >= options.maxRedirects()) {
                throw new EgressException(EgressException.Reason.TOO_MANY_REDIRECTS,
                        "more than " + options.maxRedirects() + " redirects starting at " + url.host());
            }
            try {
                current = current.resolve(location);
            } catch (EgressException e) {
                throw e.within("redirect " + (redirects + 1) + " from " + current.host());
            }
        }
    }

    @PreDestroy
    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
        connections.close(CloseMode.IMMEDIATE);
        resolver.close();
        watchdog.close();
    }

    private void checkLiteral(EgressUrl url) throws EgressException {
        if (url.literal() != null) {
            policy.check(url.host(), url.literal());
        }
    }

    private EgressResponse send(HttpUriRequestBase request, EgressUrl target, Deadline deadline) throws EgressException {
        deadline.check(target.host());
        Exchange exchange = watchdog.watch(request, deadline);
        ClassicHttpResponse response;
        try (Exchange.Opening opening = exchange.open()) {
            response = http.executeOpen(null, request, HttpClientContext.create());
        } catch (IOException | RuntimeException e) {
            exchange.end();
            if (exchange.expired()) {
                throw deadline.exceeded(target.host());
            }
            if (e instanceof IOException io) {
                throw translate(io, target.host());
            }
            throw (RuntimeException) e;
        }
        return new EgressResponse(target, response, exchange);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static EgressException statusError(EgressResponse response, EgressUrl url) {
        int status = response.status();
        response.discard();
        String note = isRedirect(status) ? " (redirects are not followed)" : "";
        return EgressException.httpError(status, url.host() + " answered HTTP " + status + note);
    }

    /** Maps what the socket, TLS and HTTP layers throw to the egress reasons. */
    static EgressException translate(IOException e, String host) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EgressException egress) {
                return egress;
            }
            if (cause instanceof GuardedDnsResolver.Refusal refusal) {
                return refusal.reason();
            }
        }
        if (e instanceof ConnectionRequestTimeoutException) {
            return new EgressException(EgressException.Reason.TIMEOUT, "no free connection to " + host + " in time", e);
        }
        if (e instanceof ConnectTimeoutException || e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new EgressException(EgressException.Reason.UNREACHABLE, "could not connect to " + host, e);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return new EgressException(EgressException.Reason.TIMEOUT, host + " did not answer in time", e);
        }
        if (e instanceof UnknownHostException) {
            return new EgressException(EgressException.Reason.HOST_UNRESOLVABLE, "host " + host + " could not be resolved", e);
        }
        if (e instanceof SSLException) {
            return new EgressException(EgressException.Reason.UNREACHABLE, "TLS with " + host + " failed: " + e.getMessage(), e);
        }
        return new EgressException(EgressException.Reason.UNREACHABLE, "the connection to " + host + " failed: " + e.getMessage(), e);
    }

    /** The pool's connections get their sockets from {@link DeadlineSockets}, so an exchange's deadline reaches its connect. */
    private static final class DeadlineConnections extends PoolingHttpClientConnectionManagerBuilder {
        @Override
        protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports, DnsResolver dns,
                TlsSocketStrategy tlsStrategy) {
            return new DefaultHttpClientConnectionOperator(new DeadlineSockets(), ports, dns,
                    RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tlsStrategy).build());
        }
    }

    private static Timeout timeout(Duration duration) {
        return Timeout.ofMilliseconds(Math.max(1, duration.toMillis()));
    }

    /**
     * Retries an idempotent request once when a pooled connection turns out to have been closed by the
     * server meanwhile; everything else (time-outs, 429, 503) is the caller's decision.
     */
    private static final class StaleConnectionRetry implements HttpRequestRetryStrategy {
        @Override
        public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
            return execCount <= 1 && exception instanceof NoHttpResponseException && Method.isIdempotent(request.getMethod());
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }

        @Override
        public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
            return TimeValue.ZERO_MILLISECONDS;
        }
    }
}
