package ai.synapses.transcribe.api.security;

import ai.synapses.transcribe.api.http.ApiProblem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

/** The customer a request speaks for, on routes that allow {@link Roles#CUSTOMER}. */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    public Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String organizationId() {
        return identity.getAttribute(ApiKeyIdentityProvider.ORGANIZATION_ID);
    }

    /** The caller may act for {@code organizationId}, else 403. */
    public void requireOrganization(String organizationId, String field) {
        if (!organizationId().equals(organizationId)) {
            throw new ApiProblem(403, "organization_mismatch",
                    "this API key belongs to another organization than " + organizationId, field);
        }
    }
}
