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
        /** A top-up. */
        credit,
        /** The submit's pre-charge. */
        debit,
        /** What a job did not use, or all of it when it failed or was cancelled. */
        refund,
        /** Charged by the worker when the decoded audio is longer than what the debit paid for. */
        surcharge
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

    /** Signed: negative for debits and surcharges. */
    public long amount;

    @Column(name = "balance_after")
    public long balanceAfter;

    @Column(name = "transcription_id")
    public String transcriptionId;

    public String reference;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
