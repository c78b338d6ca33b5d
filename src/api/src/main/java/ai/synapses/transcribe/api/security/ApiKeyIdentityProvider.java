package ai.synapses.transcribe.api.security;

import ai.synapses.transcribe.availability.DatabaseGuard;
import ai.synapses.transcribe.logging.LogContext;
import ai.synapses.transcribe.organization.ApiKeys;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A customer's API key: looked up (hashed) on the guarded database, so a database outage answers 503 rather
 * than 401. The identity has the role {@link Roles#CUSTOMER}, the key id as its name and the organisation
 * as {@link #ORGANIZATION_ID}.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    static final String ORGANIZATION_ID = "organization_id";

    private final ApiKeys keys;
    private final DatabaseGuard database;

    public ApiKeyIdentityProvider(ApiKeys keys, DatabaseGuard database) {
        this.keys = keys;
        this.database = database;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        // reactive on the request's own context, as the rest of the request path: no blocking worker needed
        return database.read(() -> keys.authenticate(request.getToken().getToken()))
                .map(caller -> caller.orElseThrow(() -> new AuthenticationFailedException("the API key is unknown or revoked")))
                .invoke(caller -> LogContext.organizationId(caller.organizationId()))
                .map(ApiKeyIdentityProvider::identity);
    }

    private static SecurityIdentity identity(ApiKeys.Caller caller) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.keyId()))
                .addRole(Roles.CUSTOMER)
                .addAttribute(ORGANIZATION_ID, caller.organizationId())
                .build();
    }
}
