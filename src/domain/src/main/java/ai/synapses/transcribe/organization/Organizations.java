package ai.synapses.transcribe.organization;

import ai.synapses.transcribe.id.Ids;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;

@ApplicationScoped
public class Organizations {

    /** A new organisation with a zero balance; synapses arrive through the ledger as credits. */
    public Uni<Organization> create(String name, BigDecimal pricingMultiplier) {
        return create(Ids.newId(Ids.ORGANIZATION), name, pricingMultiplier);
    }

    public Uni<Organization> create(String id, String name, BigDecimal pricingMultiplier) {
        Organization organization = new Organization();
        organization.id = id;
        organization.name = name;
        organization.pricingMultiplier = pricingMultiplier;
        organization.balance = 0;
        return organization.persist();
    }

    public Uni<Organization> find(String id) {
        return Organization.findById(id);
    }
}
