package ai.synapses.transcribe.billing;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One movement of synapses. The balance of an organisation is always the sum of its entries. */
@Entity
@Table(name = "ledger_entries")
public class LedgerEntry extends PanacheEntityBase {

    public enum Kind {
        credit, debit, refund
    }

    /** The {@code txn_} id customers see as {@code transaction_id}. */
    @Id
    public String id;

    /** Database-assigned order, used as the paging cursor. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "organization_id")
    public String organizationId;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    /** Signed: negative for debits. */
    public long amount;

    @Column(name = "balance_after")
    public long balanceAfter;

    @Column(name = "transcription_id")
    public String transcriptionId;

    public String reference;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
