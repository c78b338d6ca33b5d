package ai.synapses.transcribe.egress;

import java.time.Duration;

/**
 * The values of {@link FetchSettings} as a plain record, so the egress client can be built without CDI
 * (unit tests, benchmarks).
 */
public record FetchOptions(
        boolean allowPrivateAddresses,
        Duration connectTimeout,
        Duration readTimeout,
        Duration totalTimeout,
        int maxRedirects,
        int probeChunkBytes,
        int maxProbeBytes,
        int maxProbeRequests,
        int maxConnectionsPerHost) {

    public FetchOptions {
        if (!positive(connectTimeout) || !positive(readTimeout) || !positive(totalTimeout)) {
            throw new IllegalArgumentException("time-outs must be positive");
        }
        if (maxRedirects < 0 || probeChunkBytes < 1 || maxProbeBytes < probeChunkBytes || maxProbeRequests < 1
                || maxConnectionsPerHost < 1) {
            throw new IllegalArgumentException("invalid fetch limits");
        }
    }

    /** The production defaults (the same as {@link FetchSettings}'s). */
    public static FetchOptions defaults() {
        return new FetchOptions(false, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                3, 65536, 16 << 20, 64, 64);
    }

    public static FetchOptions of(FetchSettings settings) {
        return new FetchOptions(settings.allowPrivateAddresses(), settings.connectTimeout(), settings.readTimeout(),
                settings.totalTimeout(), settings.maxRedirects(), settings.probeChunkBytes(), settings.maxProbeBytes(),
                settings.maxProbeRequests(), settings.maxConnectionsPerHost());
    }

    public FetchOptions withAllowPrivateAddresses(boolean allow) {
        return new FetchOptions(allow, connectTimeout, readTimeout, totalTimeout, maxRedirects, probeChunkBytes,
                maxProbeBytes, maxProbeRequests, maxConnectionsPerHost);
    }

    public FetchOptions withTimeouts(Duration connect, Duration read, Duration total) {
        return new FetchOptions(allowPrivateAddresses, connect, read, total, maxRedirects, probeChunkBytes,
                maxProbeBytes, maxProbeRequests, maxConnectionsPerHost);
    }

    public FetchOptions withMaxRedirects(int redirects) {
        return new FetchOptions(allowPrivateAddresses, connectTimeout, readTimeout, totalTimeout, redirects,
                probeChunkBytes, maxProbeBytes, maxProbeRequests, maxConnectionsPerHost);
    }

    public FetchOptions withProbeLimits(int chunkBytes, int maxBytes, int maxRequests) {
        return new FetchOptions(allowPrivateAddresses, connectTimeout, readTimeout, totalTimeout, maxRedirects,
                chunkBytes, maxBytes, maxRequests, maxConnectionsPerHost);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
