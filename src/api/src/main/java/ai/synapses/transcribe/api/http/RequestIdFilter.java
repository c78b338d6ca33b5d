package ai.synapses.transcribe.api.http;

import ai.synapses.transcribe.logging.LogContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Starts the request's clock on arrival, puts its id in the log context, hands it back as
 * {@code X-Request-Id} (for support questions) and logs one line per request: method, path (never
 * the query string), status and time.
 */
public class RequestIdFilter {

    private static final Logger LOG = Logger.getLogger("ai.synapses.transcribe.api.access");

    private final RequestMetadata request;

    public RequestIdFilter(RequestMetadata request) {
        this.request = request;
    }

    @ServerRequestFilter(preMatching = true)
    public void arrived() {
        LogContext.requestId(request.requestId());
    }

    @ServerResponseFilter
    public void leaving(ContainerRequestContext incoming, ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Request-Id", request.requestId());
        LOG.infof("%s %s %d %d ms", incoming.getMethod(), incoming.getUriInfo().getPath(), response.getStatus(),
                request.elapsedMillis());
    }
}
