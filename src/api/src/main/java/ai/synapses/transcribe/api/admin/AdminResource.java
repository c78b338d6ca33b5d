package ai.synapses.transcribe.api.admin;

import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.api.http.RequestMetadata;
import ai.synapses.transcribe.api.http.StrictJson;
import ai.synapses.transcribe.billing.SynapseLedger;
import ai.synapses.transcribe.error.ApiProblem;
import ai.synapses.transcribe.organization.ApiKey;
import ai.synapses.transcribe.organization.ApiKeys;
import ai.synapses.transcribe.organization.Organization;
import ai.synapses.transcribe.organization.Organizations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;

/** The operator API: organisations, their keys, their credit. Guarded by the admin token. */
@Path("/v1/admin/organizations")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final AdminAuth adminAuth;
    private final StrictJson strictJson;
    private final Organizations organizations;
    private final ApiKeys apiKeys;
    private final SynapseLedger ledger;
    private final RequestMetadata request;

    public AdminResource(AdminAuth adminAuth, StrictJson strictJson, Organizations organizations, ApiKeys apiKeys,
            SynapseLedger ledger, RequestMetadata request) {
        this.adminAuth = adminAuth;
        this.strictJson = strictJson;
        this.organizations = organizations;
        this.apiKeys = apiKeys;
        this.ledger = ledger;
        this.request = request;
    }

    public record NewOrganization(String name, BigDecimal pricingMultiplier) {
    }

    public record NewKey(String name) {
    }

    public record Credit(Long amount, String reference) {
    }

    public record OrganizationView(String organizationId, String name, double pricingMultiplier, long balance,
            OffsetDateTime createdAt) {
        static OrganizationView of(Organization o) {
            return new OrganizationView(o.id, o.name, o.pricingMultiplier.doubleValue(), o.balance, o.createdAt);
        }
    }

    public record KeyView(String keyId, String organizationId, String apiKey, String keyPrefix, String name,
            OffsetDateTime createdAt, OffsetDateTime revokedAt) {
        static KeyView of(ApiKey k, String secret) {
            return new KeyView(k.id, k.organizationId, secret, k.keyPrefix, k.name, k.createdAt, k.revokedAt);
        }
    }

    public record CreditView(String transactionId, String organizationId, long amount, long balance, String reference) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@HeaderParam("Authorization") String authorization, String body) {
        adminAuth.require(authorization);
        NewOrganization input = strictJson.read(body, NewOrganization.class);
        if (input.name() == null || input.name().isBlank() || input.name().length() > 200) {
            throw ApiProblem.badRequest("invalid_name", "name is required, at most 200 characters", "name");
        }
        BigDecimal multiplier = input.pricingMultiplier() == null ? BigDecimal.ONE : input.pricingMultiplier();
        if (multiplier.signum() <= 0 || multiplier.compareTo(BigDecimal.valueOf(1000)) > 0 || multiplier.scale() > 6) {
            throw ApiProblem.badRequest("invalid_pricing_multiplier",
                    "pricing_multiplier must be above 0 and at most 1000, with at most 6 decimals", "pricing_multiplier");
        }
        return Panache.withTransaction(() -> organizations.create(input.name().trim(), multiplier))
                .flatMap(org -> Panache.withSession(() -> organizations.find(org.id)))
                .map(org -> created(OrganizationView.of(org)));
    }

    @GET
    @Path("/{organization_id}")
    public Uni<Envelope.Success> get(@HeaderParam("Authorization") String authorization,
            @PathParam("organization_id") String organizationId) {
        adminAuth.require(authorization);
        return Panache.withSession(() -> existing(organizationId))
                .map(org -> new Envelope.Success(OrganizationView.of(org), null, request.metadata(), null));
    }

    @POST
    @Path("/{organization_id}/api-keys")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> issueKey(@HeaderParam("Authorization") String authorization,
            @PathParam("organization_id") String organizationId, String body) {
        adminAuth.require(authorization);
        NewKey input = body == null || body.isBlank() ? new NewKey(null) : strictJson.read(body, NewKey.class);
        return Panache.withTransaction(() -> existing(organizationId)
                        .flatMap(org -> apiKeys.issue(org.id, input.name())))
                .map(issued -> created(KeyView.of(issued.key(), issued.secret())));
    }

    @DELETE
    @Path("/{organization_id}/api-keys/{key_id}")
    public Uni<Envelope.Success> revokeKey(@HeaderParam("Authorization") String authorization,
            @PathParam("organization_id") String organizationId, @PathParam("key_id") String keyId) {
        adminAuth.require(authorization);
        return Panache.withTransaction(() -> apiKeys.revoke(organizationId, keyId))
                .map(key -> key.orElseThrow(() -> new ApiProblem(404, "api_key_not_found",
                        "no key " + keyId + " in organization " + organizationId, "key_id")))
                .map(key -> new Envelope.Success(KeyView.of(key, null), null, request.metadata(), null));
    }

    @POST
    @Path("/{organization_id}/credits")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> credit(@HeaderParam("Authorization") String authorization,
            @PathParam("organization_id") String organizationId, String body) {
        adminAuth.require(authorization);
        Credit input = strictJson.read(body, Credit.class);
        if (input.amount() == null || input.amount() <= 0 || input.amount() > 1_000_000_000_000L) {
            throw ApiProblem.badRequest("invalid_amount", "amount must be a positive whole number of synapses", "amount");
        }
        if (input.reference() == null || input.reference().isBlank() || input.reference().length() > 200) {
            throw ApiProblem.badRequest("invalid_reference",
                    "reference is required (an invoice or order number, at most 200 characters)", "reference");
        }
        return Panache.withTransaction(() -> existing(organizationId)
                        .flatMap(org -> ledger.credit(org.id, input.amount(), input.reference().trim())))
                .map(entry -> created(new CreditView(entry.id, entry.organizationId, entry.amount, entry.balanceAfter,
                        entry.reference)));
    }

    private static Uni<Organization> existing(String organizationId) {
        return Organization.<Organization>findById(organizationId).map(org -> {
            if (org == null) {
                throw new ApiProblem(404, "organization_not_found", "no organization " + organizationId, "organization_id");
            }
            return org;
        });
    }

    private Response created(Object data) {
        return Response.status(201).entity(new Envelope.Success(data, null, request.metadata(), Map.of())).build();
    }
}
