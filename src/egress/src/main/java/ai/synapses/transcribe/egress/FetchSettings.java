package ai.synapses.transcribe.egress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Outbound HTTP: customers' audio URLs and webhooks (TRANSCRIBE_FETCH_...). */
@ConfigMapping(prefix = "transcribe.fetch")
public interface FetchSettings {

    /** Lets loopback, private, link-local and unique-local addresses through: local dev and tests only. */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** TCP connect and TLS set-up; also bounds the DNS lookup. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** The longest wait for a response or for the next bytes of a body. */
    @WithDefault("10s")
    Duration readTimeout();

    /**
     * The longest one GET (redirects and body included) or one audio probe (all its requests) may take,
     * whatever the host does: a server dripping bytes just faster than the read time-out, or sending interim
     * answers forever, must not hold a worker for ever. At that moment the connection is closed, whether it
     * is in the connect, the TLS handshake, the response head or the body.
     */
    @WithDefault("30s")
    Duration totalTimeout();

    /** Redirects followed by a GET; every target is checked like the first URL. */
    @WithDefault("3")
    int maxRedirects();

    /** The first range request of an audio probe asks for this many bytes. */
    @WithDefault("65536")
    int probeChunkBytes();

    /** The most bytes one audio probe may download, skipped bytes included. */
    @WithDefault("16777216")
    int maxProbeBytes();

    /** The most HTTP requests one audio probe may make (a redirect chain counts once). */
    @WithDefault("64")
    int maxProbeRequests();

    /** Pooled connections per host (scheme, host, port); the service sends many requests to the same hosts. */
    @WithDefault("64")
    int maxConnectionsPerHost();

    /**
     * A trust store (PKCS#12 or JKS) to use instead of the JVM's default one, e.g. for a private CA.
     * Dev mode points it at the JDK's roots plus the loopback certificate of the sample audio server.
     */
    Optional<Path> trustStore();

    @WithDefault("changeit")
    String trustStorePassword();
}
