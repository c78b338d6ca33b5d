package ai.synapses.transcribe.api.http;

import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Starts the request's clock on arrival and hands its id back as {@code X-Request-Id}, for support questions. */
public class RequestIdFilter {

    private final RequestMetadata request;

    public RequestIdFilter(RequestMetadata request) {
        this.request = request;
    }

    @ServerRequestFilter(preMatching = true)
    public void arrived() {
        request.requestId();
    }

    @ServerResponseFilter
    public void leaving(ContainerResponseContext response) {
        response.getHeaders().putSingle("X-Request-Id", request.requestId());
    }
}
