package ai.synapses.transcribe.api.security;

import ai.synapses.transcribe.api.admin.AdminSettings;
import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.api.http.RequestMetadata;
import ai.synapses.transcribe.api.metrics.SubmitMetrics;
import ai.synapses.transcribe.api.transcription.TranscribeResource;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Instant;
import java.util.Arrays;

/**
 * A refused credential as the error envelope. Which code depends on the route: an operator route refuses
 * anything but the operator token as {@code invalid_admin_token} (or {@code admin_api_disabled} while no
 * token is set); a customer route says whether the key was missing or not valid. Another role's
 * credential is an invalid one here, never a 403: it does not reveal that the token is good elsewhere.
 */
public class AuthenticationProblemMapper {

    private final RequestMetadata request;
    private final boolean operatorApiEnabled;
    private final SubmitMetrics submits;

    public AuthenticationProblemMapper(RequestMetadata request, AdminSettings admin, SubmitMetrics submits) {
        this.request = request;
        this.submits = submits;
        this.operatorApiEnabled = OperatorTokenIdentityProvider.enabled(admin).isPresent();
    }

    /** No Bearer token at all. */
    @ServerExceptionMapper
    public Response anonymous(UnauthorizedException e, ResourceInfo route) {
        return isOperatorRoute(route) ? operatorRefused() : customerRefused(route, "missing_api_key",
                "send your API key as 'Authorization: Bearer <key>'");
    }

    /** A Bearer token that is no API key nor the operator token. */
    @ServerExceptionMapper
    public Response unknown(AuthenticationFailedException e, ResourceInfo route) {
        return isOperatorRoute(route) ? operatorRefused() : invalidApiKey(route);
    }

    /** A valid credential of the other role. */
    @ServerExceptionMapper
    public Response otherRole(ForbiddenException e, ResourceInfo route) {
        return isOperatorRoute(route) ? operatorRefused() : invalidApiKey(route);
    }

    private Response operatorRefused() {
        if (!operatorApiEnabled) {
            return refusal(403, "admin_api_disabled", "the operator API is disabled: set TRANSCRIBE_ADMIN_TOKEN to enable it",
                    null);
        }
        return refusal(401, "invalid_admin_token", "send the operator token as 'Authorization: Bearer <token>'",
                HttpHeaders.AUTHORIZATION);
    }

    private Response invalidApiKey(ResourceInfo route) {
        return customerRefused(route, "invalid_api_key", "the API key is unknown or revoked");
    }

    private Response customerRefused(ResourceInfo route, String code, String message) {
        // the submit counter counts every submit, also those refused before the resource method runs
        if (route != null && route.getResourceClass() == TranscribeResource.class) {
            submits.rejected(code);
        }
        return refusal(401, code, message, HttpHeaders.AUTHORIZATION);
    }

    private Response refusal(int status, String code, String message, String field) {
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Envelope.Failure(new Envelope.Error(code, message, field, null),
                        new Envelope.Metadata(request.requestId(), Instant.now().toString(), null)));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }

    private static boolean isOperatorRoute(ResourceInfo route) {
        if (route == null || route.getResourceMethod() == null) {
            return false;
        }
        RolesAllowed roles = route.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = route.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return roles != null && Arrays.asList(roles.value()).contains(Roles.OPERATOR);
    }
}
