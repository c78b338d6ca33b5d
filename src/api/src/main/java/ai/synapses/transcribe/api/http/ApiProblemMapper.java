package ai.synapses.transcribe.api.http;

import ai.synapses.transcribe.availability.DatabaseFailures;
import ai.synapses.transcribe.availability.ServiceUnavailable;
import ai.synapses.transcribe.error.DomainException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Instant;

/** Every failure leaves as the error envelope with a stable code. */
public class ApiProblemMapper {

    private static final Logger LOG = Logger.getLogger(ApiProblemMapper.class);

    private final RequestMetadata request;

    public ApiProblemMapper(RequestMetadata request) {
        this.request = request;
    }

    @ServerExceptionMapper
    public Response problem(ApiProblem problem) {
        Response.ResponseBuilder response = Response.status(problem.status());
        if (problem.status() == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (problem.details() != null && problem.details().get("retry_after_seconds") != null) {
            response.header("Retry-After", problem.details().get("retry_after_seconds"));
        } else if (problem.status() == 503) {
            response.header("Retry-After", "5");
        }
        return response.type(MediaType.APPLICATION_JSON_TYPE).entity(envelope(problem)).build();
    }

    /** A refusal of the domain: the status of its kind ({@link ApiProblem#status}), the rest as it came. */
    @ServerExceptionMapper
    public Response refusal(DomainException refusal) {
        return problem(ApiProblem.of(refusal));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(new ApiProblem(404, "not_found", "no such route", null));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return problem(new ApiProblem(405, "method_not_allowed", "this route does not take that method", null));
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return problem(new ApiProblem(415, "unsupported_media_type", "send the body as application/json", "Content-Type"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return problem(new ApiProblem(500, "internal_error", "something went wrong on our side; request_id identifies it", null));
        }
        return problem(new ApiProblem(status, "bad_request", e.getMessage(), null));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, HttpServerRequest http) {
        // routes without their own guard meet the database's absence as whatever the pool threw
        if (DatabaseFailures.isUnavailable(e)) {
            LOG.warnf("database unavailable on %s %s (request_id %s): %s", http.method(), http.path(), request.requestId(), e);
            return refusal(new ServiceUnavailable("database",
                    "our database is unavailable at the moment; nothing was changed, please retry shortly"));
        }
        LOG.errorf(e, "unexpected failure on %s %s (request_id %s)", http.method(), http.path(), request.requestId());
        return problem(new ApiProblem(500, "internal_error", "something went wrong on our side; request_id identifies it", null));
    }

    Envelope.Failure envelope(ApiProblem problem) {
        return new Envelope.Failure(new Envelope.Error(problem.code(), problem.getMessage(), problem.field(), problem.details()),
                new Envelope.Metadata(request.requestId(), Instant.now().toString(), null));
    }
}
