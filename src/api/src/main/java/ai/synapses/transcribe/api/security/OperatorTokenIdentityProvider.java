package ai.synapses.transcribe.api.security;

import ai.synapses.transcribe.api.admin.AdminSettings;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The operator token (TRANSCRIBE_ADMIN_TOKEN), compared in constant time. Asked before the API keys: the
 * operator token needs no database, and any other token is left to {@link ApiKeyIdentityProvider}.
 */
@ApplicationScoped
public class OperatorTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final Optional<byte[]> token;

    public OperatorTokenIdentityProvider(AdminSettings settings) {
        this.token = enabled(settings).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** The operator token, if the operator API is enabled at all. */
    static Optional<String> enabled(AdminSettings settings) {
        return settings.token().filter(t -> !t.isBlank());
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before {@link ApiKeyIdentityProvider}, which keeps the default. */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        byte[] presented = request.getToken().getToken().getBytes(StandardCharsets.UTF_8);
        if (token.isEmpty() || !MessageDigest.isEqual(token.get(), presented)) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(Roles.OPERATOR))
                .addRole(Roles.OPERATOR)
                .build());
    }
}
