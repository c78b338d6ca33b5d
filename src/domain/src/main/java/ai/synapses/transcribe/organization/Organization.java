package ai.synapses.transcribe.organization;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** A customer: who is billed, at which multiplier, from which prepaid balance of synapses. */
@Entity
@Table(name = "organizations")
public class Organization extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    @Column(name = "pricing_multiplier")
    public BigDecimal pricingMultiplier;

    /** Changed only by {@link ai.synapses.transcribe.billing.SynapseLedger}, never by assignment. */
    public long balance;

    /** The Standard Webhooks signing secret ({@code whsec_...}); null until first needed. See WebhookSecrets. */
    @Column(name = "webhook_secret")
    public String webhookSecret;

    /** The secret before the last rotation: it keeps signing beside the new one until it expires. */
    @Column(name = "webhook_previous_secret")
    public String webhookPreviousSecret;

    @Column(name = "webhook_previous_secret_expires_at")
    public OffsetDateTime webhookPreviousSecretExpiresAt;

    /** Jobs of this organisation processed at once; null: the deployment's default. */
    @Column(name = "max_concurrent_jobs")
    public Integer maxConcurrentJobs;

    /** Submits accepted per minute; null: the deployment's default. */
    @Column(name = "submits_per_minute")
    public Integer submitsPerMinute;

    @Column(name = "created_at", insertable = false, updatable = false)
    public OffsetDateTime createdAt;
}
