package ai.synapses.transcribe.organization;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** An organisation's secret key, stored only as a hash; the key itself is shown once. */
@Entity
@Table(name = "api_keys")
public class ApiKey extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "organization_id")
    public String organizationId;

    @Column(name = "key_hash")
    public String keyHash;

    /** The first characters, so people can tell their keys apart. */
    @Column(name = "key_prefix")
    public String keyPrefix;

    public String name;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;
}
