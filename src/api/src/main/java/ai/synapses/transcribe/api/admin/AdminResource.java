package ai.synapses.transcribe.api.admin;

import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.api.http.RequestMetadata;
import ai.synapses.transcribe.api.http.StrictJson;
import ai.synapses.transcribe.api.security.Roles;
import ai.synapses.transcribe.billing.SynapseLedger;
import ai.synapses.transcribe.api.http.ApiProblem;
import ai.synapses.transcribe.limits.LimitSettings;
import ai.synapses.transcribe.organization.ApiKey;
import ai.synapses.transcribe.organization.ApiKeys;
import ai.synapses.transcribe.organization.Organization;
import ai.synapses.transcribe.organization.Organizations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;

/** The operator API: organisations, their keys, their credit. Guarded by the admin token. */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/admin/organizations")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final StrictJson strictJson;
    private final Organizations organizations;
    private final ApiKeys apiKeys;
    private final SynapseLedger ledger;
    private final RequestMetadata request;
    private final LimitSettings limitDefaults;

    public AdminResource(StrictJson strictJson, Organizations organizations, ApiKeys apiKeys,
            SynapseLedger ledger, RequestMetadata request, LimitSettings limitDefaults) {
        this.limitDefaults = limitDefaults;
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

    /** Null fields (or absent ones) mean the deployment's default. */
    public record LimitsInput(Integer maxConcurrentJobs, Integer submitsPerMinute) {
    }

    /** The limits in force, and whether each is the organisation's own or the deployment's default. */
    public record Limits(int maxConcurrentJobs, int submitsPerMinute, boolean maxConcurrentJobsIsDefault,
            boolean submitsPerMinuteIsDefault) {
        static Limits of(Organization o, LimitSettings defaults) {
            return new Limits(o.maxConcurrentJobs == null ? defaults.maxConcurrentJobs() : o.maxConcurrentJobs,
                    o.submitsPerMinute == null ? defaults.submitsPerMinute() : o.submitsPerMinute,
                    o.maxConcurrentJobs == null, o.submitsPerMinute == null);
        }
    }

    public record OrganizationView(String organizationId, String name, double pricingMultiplier, long balance,
            Limits limits, OffsetDateTime createdAt) {
        static OrganizationView of(Organization o, LimitSettings defaults) {
            return new OrganizationView(o.id, o.name, o.pricingMultiplier.doubleValue(), o.balance, Limits.of(o, defaults),
                    o.createdAt);
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
    public Uni<Response> create(String body) {
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
                .map(org -> created(OrganizationView.of(org, limitDefaults)));
    }

    @GET
    @Path("/{organization_id}")
    public Uni<Envelope.Success> get(@PathParam("organization_id") String organizationId) {
        return Panache.withSession(() -> existing(organizationId))
                .map(org -> new Envelope.Success(OrganizationView.of(org, limitDefaults), null, request.metadata(), null));
    }

    /** Sets both limits; a null or absent field goes back to the deployment's default. */
    @PUT
    @Path("/{organization_id}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Envelope.Success> setLimits(@PathParam("organization_id") String organizationId, String body) {
        LimitsInput input = strictJson.read(body, LimitsInput.class);
        if (input.maxConcurrentJobs() != null && (input.maxConcurrentJobs() < 1 || input.maxConcurrentJobs() > 1000)) {
            throw ApiProblem.badRequest("invalid_max_concurrent_jobs", "max_concurrent_jobs must be 1 to 1000, or null for the default",
                    "max_concurrent_jobs");
        }
        if (input.submitsPerMinute() != null && (input.submitsPerMinute() < 1 || input.submitsPerMinute() > 1_000_000)) {
            throw ApiProblem.badRequest("invalid_submits_per_minute",
                    "submits_per_minute must be 1 to 1000000, or null for the default", "submits_per_minute");
        }
        return Panache.withTransaction(() -> existing(organizationId).flatMap(org -> Organization.update(
                        "maxConcurrentJobs = ?1, submitsPerMinute = ?2 where id = ?3",
                        input.maxConcurrentJobs(), input.submitsPerMinute(), org.id)))
                .flatMap(updated -> Panache.withSession(() -> organizations.find(organizationId)))
                .map(org -> new Envelope.Success(OrganizationView.of(org, limitDefaults), null, request.metadata(), null));
    }

    @POST
    @Path("/{organization_id}/api-keys")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> issueKey(@PathParam("organization_id") String organizationId, String body) {
        NewKey input = body == null || body.isBlank() ? new NewKey(null) : strictJson.read(body, NewKey.class);
        return Panache.withTransaction(() -> existing(organizationId)
                        .flatMap(org -> apiKeys.issue(org.id, input.name())))
                .map(issued -> created(KeyView.of(issued.key(), issued.secret())));
    }

    @DELETE
    @Path("/{organization_id}/api-keys/{key_id}")
    public Uni<Envelope.Success> revokeKey(@PathParam("organization_id") String organizationId, @PathParam("key_id") String keyId) {
        return Panache.withTransaction(() -> apiKeys.revoke(organizationId, keyId))
                .map(key -> key.orElseThrow(() -> new ApiProblem(404, "api_key_not_found",
                        "no key " + keyId + " in organization " + organizationId, "key_id")))
                .map(key -> new Envelope.Success(KeyView.of(key, null), null, request.metadata(), null));
    }

    @POST
    @Path("/{organization_id}/credits")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> credit(@PathParam("organization_id") String organizationId, String body) {
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
