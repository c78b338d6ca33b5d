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
 * Every change of a balance goes through here, as a conditional update plus a ledger row. Callers
 * run these inside their own transaction ({@code Panache.withTransaction}) so that the movement
 * commits or rolls back together with whatever it pays for.
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

    /**
     * Takes {@code amount} for a transcription if, and only if, the balance covers it. The update is
     * conditional, so concurrent debits can never overdraw, whatever their interleaving. Debit and
     * ledger row are one statement, sent last in its transaction: the organisation's row lock, which
     * every submit of that organisation queues for, is held for one round trip and the commit only.
     */
    public Uni<LedgerEntry> debit(String organizationId, long amount, String transcriptionId, String transactionId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Panache.getSession().flatMap(session -> session.flush().flatMap(flushed -> session.createNativeQuery("""
                        with debited as (
                            update organizations set balance = balance - cast(?1 as bigint)
                             where id = ?2 and balance >= cast(?1 as bigint) returning balance)
                        insert into ledger_entries (id, organization_id, kind, amount, balance_after, transcription_id, created_at)
                        select ?3, ?2, 'debit', -cast(?1 as bigint), debited.balance, ?4, ?5 from debited""")
                .setParameter(1, amount).setParameter(2, organizationId).setParameter(3, transactionId)
                .setParameter(4, transcriptionId).setParameter(5, now)
                .executeUpdate()))
                .flatMap(inserted -> {
                    if (inserted == 0) {
                        return Organization.<Organization>findById(organizationId).flatMap(org -> Uni.createFrom().failure(
                                new InsufficientSynapsesException(amount, org == null ? 0 : org.balance)));
                    }
                    LedgerEntry entry = new LedgerEntry();
                    entry.id = transactionId;
                    entry.organizationId = organizationId;
                    entry.kind = LedgerEntry.Kind.debit;
                    entry.amount = -amount;
                    entry.transcriptionId = transcriptionId;
                    entry.createdAt = now;
                    return Uni.createFrom().item(entry);
                });
    }

    /** Gives back synapses a transcription did not use; the schema allows one refund per transcription. */
    public Uni<LedgerEntry> refund(String organizationId, long amount, String transcriptionId, String reason) {
        return Organization.update("balance = balance + ?1 where id = ?2", amount, organizationId)
                .flatMap(updated -> record(organizationId, LedgerEntry.Kind.refund, amount, transcriptionId, reason,
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
