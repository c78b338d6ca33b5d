package ai.synapses.transcribe.api.http;

import ai.synapses.transcribe.availability.DatabaseGuard;
import ai.synapses.transcribe.logging.LogContext;
import ai.synapses.transcribe.organization.ApiKeys;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code Authorization: Bearer <api key>}: 401 without a valid key, 403 for another organisation's data. */
@ApplicationScoped
public class CustomerAuth {

    private final ApiKeys keys;
    private final DatabaseGuard database;

    public CustomerAuth(ApiKeys keys, DatabaseGuard database) {
        this.keys = keys;
        this.database = database;
    }

    public Uni<ApiKeys.Caller> authenticate(String authorization) {
        String secret = bearer(authorization);
        if (secret == null) {
            return Uni.createFrom().failure(new ApiProblem(401, "missing_api_key",
                    "send your API key as 'Authorization: Bearer <key>'", "Authorization"));
        }
        return database.read(() -> keys.authenticate(secret))
                .map(caller -> caller.orElseThrow(() -> new ApiProblem(401, "invalid_api_key",
                        "the API key is unknown or revoked", "Authorization")))
                .invoke(caller -> LogContext.organizationId(caller.organizationId()));
    }

    /** The caller may act for {@code organizationId}, else 403. */
    public static void requireOrganization(ApiKeys.Caller caller, String organizationId, String field) {
        if (!caller.organizationId().equals(organizationId)) {
            throw new ApiProblem(403, "organization_mismatch",
                    "this API key belongs to another organization than " + organizationId, field);
        }
    }

    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String secret = value.substring(7).trim();
        return secret.isEmpty() ? null : secret;
    }
}
