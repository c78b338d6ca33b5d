package ai.synapses.transcribe.webhook;

import ai.synapses.transcribe.organization.Organization;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * An organisation's signing secret: created on first use, readable and rotatable by the customer. After a
 * rotation the previous secret keeps signing beside the new one for {@code rotation-overlap}, so a receiver
 * can switch over without rejecting a single delivery.
 */
@ApplicationScoped
public class WebhookSecrets {

    /** The secrets in force: {@code previous} is null when no rotation is under way. */
    public record Secrets(String current, String previous, OffsetDateTime previousExpiresAt) {

        /** What signs a delivery now: the current secret first. */
        public List<String> signing() {
            List<String> secrets = new ArrayList<>(2);
            secrets.add(current);
            if (previous != null) {
                secrets.add(previous);
            }
            return secrets;
        }
    }

    private final WebhookSettings settings;

    public WebhookSecrets(WebhookSettings settings) {
        this.settings = settings;
    }

    /** The organisation's secrets, creating the first one if it has none yet. */
    public Uni<Secrets> current(String organizationId) {
        return Panache.withTransaction(() -> Organization.update(
                        "webhookSecret = ?1 where id = ?2 and webhookSecret is null", WebhookSigner.newSecret(), organizationId)
                .flatMap(ignored -> load(organizationId)));
    }

    /** A new current secret; the old one signs too until the overlap ends. Null for an unknown organisation. */
    public Uni<Secrets> rotate(String organizationId) {
        OffsetDateTime until = OffsetDateTime.now(ZoneOffset.UTC).plus(settings.rotationOverlap());
        // the row lock orders concurrent rotations, so "previous" is always a secret that really signed
        return Panache.withTransaction(() -> Organization.<Organization>findById(organizationId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(org -> org == null ? Uni.createFrom().nullItem()
                        : Organization.update("webhookPreviousSecret = ?1, webhookPreviousSecretExpiresAt = ?2, webhookSecret = ?3"
                                        + " where id = ?4", org.webhookSecret, org.webhookSecret == null ? null : until,
                                WebhookSigner.newSecret(), organizationId)
                                .flatMap(ignored -> load(organizationId))));
    }

    private static Uni<Secrets> load(String organizationId) {
        return Panache.getSession().flatMap(session -> session.find(Organization.class, organizationId)
                .call(org -> org == null ? Uni.createFrom().nullItem() : session.refresh(org))
                .map(org -> {
                    if (org == null) {
                        return null;
                    }
                    boolean overlapping = org.webhookPreviousSecret != null && org.webhookPreviousSecretExpiresAt != null
                            && org.webhookPreviousSecretExpiresAt.isAfter(OffsetDateTime.now(ZoneOffset.UTC));
                    return new Secrets(org.webhookSecret, overlapping ? org.webhookPreviousSecret : null,
                            overlapping ? org.webhookPreviousSecretExpiresAt : null);
                }));
    }
}
