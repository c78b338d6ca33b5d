package ai.synapses.transcribe.billing;

import ai.synapses.transcribe.id.Ids;
import ai.synapses.transcribe.organization.Organization;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Every change of a balance goes through here, as an update plus a ledger row. Callers run these
 * inside their own transaction ({@code Panache.withTransaction}) so that the movement commits or rolls
 * back together with whatever it pays for. The one exception is a submit's debit, which is a single
 * statement together with the job it pays for:
 * {@link ai.synapses.transcribe.job.TranscriptionStore#insertPrecharged}.
 */
@ApplicationScoped
public class SynapseLedger {

    /** Adds synapses (a top-up); {@code reference} is the operator's note, e.g. an invoice number. */
    public Uni<LedgerEntry> credit(String organizationId, long amount, String reference) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a credit must be positive");
        }
        return Organization.update("balance = balance + ?1 where id = ?2", amount, organizationId)
                .flatMap(updated -> updated == 0
                        ? Uni.createFrom().failure(new IllegalArgumentException("no organization " + organizationId))
                        : record(organizationId, LedgerEntry.Kind.credit, amount, null, reference, Ids.newId(Ids.TRANSACTION)));
    }

    /** Gives back synapses a transcription did not use; the schema allows one refund per transcription. */
    public Uni<LedgerEntry> refund(String organizationId, long amount, String transcriptionId, String reason) {
        return Organization.update("balance = balance + ?1 where id = ?2", amount, organizationId)
                .flatMap(updated -> record(organizationId, LedgerEntry.Kind.refund, amount, transcriptionId, reason,
                        Ids.newId(Ids.TRANSACTION)));
    }

    /**
     * Takes {@code amount} more for a transcription whose decoded audio is longer than what its debit paid
     * for: a conditional debit, like the submit's. Emits null, having changed nothing, when the balance
     * does not cover it; the schema allows one surcharge per transcription.
     */
    public Uni<LedgerEntry> surcharge(String organizationId, long amount, String transcriptionId, String reason) {
        if (amount <= 0) {
            throw new IllegalArgumentException("a surcharge must be positive");
        }
        return Organization.update("balance = balance - ?1 where id = ?2 and balance >= ?1", amount, organizationId)
                .flatMap(updated -> updated == 0 ? Uni.createFrom().<LedgerEntry>nullItem()
                        : record(organizationId, LedgerEntry.Kind.surcharge, -amount, transcriptionId, reason,
                                Ids.newId(Ids.TRANSACTION)));
    }

    /** Newest first, after the cursor (a {@code seq}) when one is given. */
    public Uni<List<LedgerEntry>> recent(String organizationId, Long beforeSeq, int limit) {
        return (beforeSeq == null
                ? LedgerEntry.<LedgerEntry>find("organizationId = ?1 order by seq desc", organizationId)
                : LedgerEntry.<LedgerEntry>find("organizationId = ?1 and seq < ?2 order by seq desc", organizationId, beforeSeq))
                .page(0, limit).list();
    }

    private Uni<LedgerEntry> record(String organizationId, LedgerEntry.Kind kind, long amount, String transcriptionId,
            String reference, String transactionId) {
        // read back inside the same transaction: our own update holds the row lock, so this is exact
        return Panache.getSession()
                .flatMap(session -> session.createQuery("select o.balance from Organization o where o.id = ?1", Long.class)
                        .setParameter(1, organizationId).getSingleResult())
                .flatMap(balanceAfter -> {
                    LedgerEntry entry = new LedgerEntry();
                    entry.id = transactionId;
                    entry.organizationId = organizationId;
                    entry.kind = kind;
                    entry.amount = amount;
                    entry.balanceAfter = balanceAfter;
                    entry.transcriptionId = transcriptionId;
                    entry.reference = reference;
                    entry.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
                    return entry.persist();
                });
    }
}
