package ai.synapses.transcribe.api.organization;

import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.api.http.QueryParams;
import ai.synapses.transcribe.api.http.RequestMetadata;
import ai.synapses.transcribe.api.security.Caller;
import ai.synapses.transcribe.api.security.Roles;
import ai.synapses.transcribe.billing.LedgerEntry;
import ai.synapses.transcribe.billing.SynapseLedger;
import ai.synapses.transcribe.api.http.ApiProblem;
import ai.synapses.transcribe.organization.Organization;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/organizations/{id}/balance}: the balance and the newest ledger entries, cursor-paged. */
@RolesAllowed(Roles.CUSTOMER)
@Path("/v1/organizations/{organization_id}/balance")
public class BalanceResource {

    private final Caller caller;
    private final SynapseLedger ledger;
    private final RequestMetadata request;

    public BalanceResource(Caller caller, SynapseLedger ledger, RequestMetadata request) {
        this.caller = caller;
        this.ledger = ledger;
        this.request = request;
    }

    public record Entry(String transactionId, String type, long amount, long balanceAfter, String transcriptionId,
            String reference, OffsetDateTime createdAt) {
        static Entry of(LedgerEntry e) {
            return new Entry(e.id, e.kind.name(), e.amount, e.balanceAfter, e.transcriptionId, e.reference, e.createdAt);
        }
    }

    public record Balance(String organizationId, long balance, String currency, List<Entry> entries, boolean hasMore,
            String nextCursor) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Envelope.Success> balance(@PathParam("organization_id") String organizationId, @QueryParam("limit") String limitParam,
            @QueryParam("cursor") String cursor) {
        int limit = QueryParams.limit(limitParam);
        Long before = cursor(cursor);
        caller.requireOrganization(organizationId, "organization_id");
        return Panache.withSession(() -> Organization.<Organization>findById(organizationId)
                .flatMap(org -> ledger.recent(organizationId, before, limit + 1)
                        .map(entries -> {
                            boolean more = entries.size() > limit;
                            List<LedgerEntry> page = more ? entries.subList(0, limit) : entries;
                            String next = more ? "seq_" + page.get(page.size() - 1).seq : null;
                            Balance data = new Balance(org.id, org.balance, "synapses",
                                    page.stream().map(Entry::of).toList(), more, next);
                            Map<String, Envelope.Link> actions = next == null ? Map.of()
                                    : Map.of("next_page", new Envelope.Link("GET",
                                            "/v1/organizations/" + organizationId + "/balance?limit=" + limit + "&cursor=" + next));
                            return new Envelope.Success(data, null, request.metadata(), actions);
                        })));
    }

    private static Long cursor(String value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.startsWith("seq_")) {
                return Long.parseLong(value.substring(4));
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ApiProblem.badRequest("invalid_cursor", "cursor must be a next_cursor value from a previous page", "cursor");
    }
}
