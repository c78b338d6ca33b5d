package ai.synapses.transcribe.api.dev;

import ai.synapses.transcribe.api.admin.AdminSettings;
import ai.synapses.transcribe.billing.SynapseLedger;
import ai.synapses.transcribe.organization.ApiKey;
import ai.synapses.transcribe.organization.ApiKeys;
import ai.synapses.transcribe.organization.Organization;
import ai.synapses.transcribe.organization.Organizations;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.math.BigDecimal;

/** Dev mode only: makes sure the demo organisation, its key and a balance exist, and says how to use them. */
@ApplicationScoped
@IfBuildProfile("dev")
public class DemoOrganization {

    private static final Logger LOG = Logger.getLogger(DemoOrganization.class);

    private final DemoSettings demo;
    private final AdminSettings admin;
    private final Organizations organizations;
    private final ApiKeys apiKeys;
    private final SynapseLedger ledger;
    private final int httpPort;

    public DemoOrganization(DemoSettings demo, AdminSettings admin, Organizations organizations, ApiKeys apiKeys,
            SynapseLedger ledger, @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.demo = demo;
        this.admin = admin;
        this.organizations = organizations;
        this.apiKeys = apiKeys;
        this.ledger = ledger;
        this.httpPort = httpPort;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::ensureDemo));
        // read back in a fresh session: the balance moved through the ledger's update, not the entity
        Organization org = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> organizations.find(demo.organizationId())));
        LOG.infof("""

                ==== Local transcription API on embedded PostgreSQL + ElasticMQ ====
                demo organization: %s   balance: %d synapses
                demo API key:      %s
                operator token:    %s
                try:
                  curl -s http://localhost:%d/v1/organizations/%s/balance -H 'Authorization: Bearer %s'
                ====================================================================
                """, org.id, org.balance, demo.apiKey(), admin.token().orElse("(unset)"), httpPort, org.id, demo.apiKey());
    }

    private Uni<Organization> ensureDemo() {
        return organizations.find(demo.organizationId()).flatMap(existing -> existing != null
                ? Uni.createFrom().item(existing)
                : organizations.create(demo.organizationId(), "Demo organization", BigDecimal.ONE)
                        .call(org -> apiKeys.issue(org.id, "demo key", demo.apiKey()))
                        .call(org -> ledger.credit(org.id, demo.balance(), "demo credit")));
    }
}
