package ai.synapses.transcribe.api.webhook;

import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.api.http.RequestMetadata;
import ai.synapses.transcribe.api.security.Caller;
import ai.synapses.transcribe.api.security.Roles;
import ai.synapses.transcribe.api.http.ApiProblem;
import ai.synapses.transcribe.webhook.WebhookSecrets;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * The organisation's webhook signing secret: {@code GET /v1/organizations/{id}/webhook-secret} reads it
 * (creating it on first read), {@code POST .../webhook-secret/rotate} replaces it; the previous secret keeps
 * signing beside the new one until {@code previous_secret_expires_at}. Same authentication as the balance.
 */
@RolesAllowed(Roles.CUSTOMER)
@Path("/v1/organizations/{organization_id}/webhook-secret")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookSecretResource {

    private final Caller caller;
    private final WebhookSecrets secrets;
    private final RequestMetadata request;

    public WebhookSecretResource(Caller caller, WebhookSecrets secrets, RequestMetadata request) {
        this.caller = caller;
        this.secrets = secrets;
        this.request = request;
    }

    public record Secret(String organizationId, String secret, String previousSecret, OffsetDateTime previousSecretExpiresAt) {
    }

    @GET
    public Uni<Envelope.Success> read(@PathParam("organization_id") String organizationId) {
        caller.requireOrganization(organizationId, "organization_id");
        return secrets.current(organizationId).map(found -> envelope(organizationId, found));
    }

    @POST
    @Path("/rotate")
    public Uni<Envelope.Success> rotate(@PathParam("organization_id") String organizationId) {
        caller.requireOrganization(organizationId, "organization_id");
        return secrets.rotate(organizationId).map(found -> envelope(organizationId, found));
    }

    private Envelope.Success envelope(String organizationId, WebhookSecrets.Secrets found) {
        if (found == null) {
            throw new ApiProblem(404, "organization_not_found", "no organization " + organizationId, "organization_id");
        }
        String self = "/v1/organizations/" + organizationId + "/webhook-secret";
        return new Envelope.Success(new Secret(organizationId, found.current(), found.previous(), found.previousExpiresAt()),
                null, request.metadata(), Map.of("read", new Envelope.Link("GET", self),
                        "rotate", new Envelope.Link("POST", self + "/rotate")));
    }
}
