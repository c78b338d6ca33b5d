package ai.synapses.transcribe.job;

import ai.synapses.transcribe.billing.InsufficientSynapsesException;
import ai.synapses.transcribe.billing.SynapseLedger;
import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.webhook.WebhookOutbox;
import ai.synapses.transcribe.limits.LimitSettings;
import ai.synapses.transcribe.metrics.JobMetrics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every status change after submit. Each is a conditional update ({@code ... where status = ...}), so
 * a duplicate message, a late worker or a concurrent cancel finds nothing to change; each money
 * movement commits in the same transaction as the status it belongs to, and the schema allows one
 * refund per job, so a refund happens exactly once whatever is retried. Completing or failing a job also
 * records its webhook event in the same transaction (the outbox) and hands it to the queue after the commit.
 */
@ApplicationScoped
public class JobLifecycle {

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class);

    private final SynapseLedger ledger;
    private final WebhookOutbox webhooks;
    private final LimitSettings limits;
    private final JobMetrics metrics;

    public JobLifecycle(SynapseLedger ledger, WebhookOutbox webhooks, LimitSettings limits, JobMetrics metrics) {
        this.ledger = ledger;
        this.webhooks = webhooks;
        this.limits = limits;
        this.metrics = metrics;
    }

    /**
     * What a claim found: the job, now {@code processing}; or {@code atCapacity}: the job is still
     * {@code queued} because its organisation already has its maximum of jobs processing.
     * Neither: the job is not queued (done, cancelled, or claimed by another delivery).
     */
    public record Claim(TranscriptionJob job, boolean atCapacity) {
        static final Claim NOT_QUEUED = new Claim(null, false);
        static final Claim AT_CAPACITY = new Claim(null, true);
    }

    /** {@code queued -> processing}; null when the job is not queued or its organisation is at its cap. */
    public Uni<TranscriptionJob> claim(String transcriptionId) {
        return claimWithinLimit(transcriptionId).map(Claim::job);
    }

    /**
     * {@code queued -> processing} unless the organisation has {@code max_concurrent_jobs} processing
     * already. The count and the update run under a transaction-scoped advisory lock per organisation,
     * so two workers claiming at once cannot both take the last slot; a claim that finds the cap
     * reached changes nothing (its attempts are not used up).
     */
    public Uni<Claim> claimWithinLimit(String transcriptionId) {
        OffsetDateTime now = now();
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select organization_id from transcriptions where id = ?1 and status = 'queued'", String.class)
                .setParameter(1, transcriptionId).getResultList()
                .flatMap(orgs -> orgs.isEmpty() ? Uni.createFrom().item(Claim.NOT_QUEUED)
                        : session.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext(?1))) locked",
                                        Long.class)
                                .setParameter(1, orgs.get(0)).getSingleResult()
                                .flatMap(locked -> session.createNativeQuery("""
                                                update transcriptions t
                                                   set status = 'processing', attempts = t.attempts + 1, started_at = ?2, updated_at = ?2
                                                 where t.id = ?1 and t.status = 'queued'
                                                   and (select count(*) from transcriptions p
                                                         where p.organization_id = t.organization_id and p.status = 'processing')
                                                     < (select coalesce(o.max_concurrent_jobs, ?3) from organizations o
                                                         where o.id = t.organization_id)""")
                                        .setParameter(1, transcriptionId).setParameter(2, now)
                                        .setParameter(3, limits.maxConcurrentJobs())
                                        .executeUpdate())
                                .flatMap(claimed -> claimed == 0 ? Uni.createFrom().item(Claim.AT_CAPACITY)
                                        : TranscriptionJob.<TranscriptionJob>findById(transcriptionId)
                                                .map(job -> new Claim(job, false))))));
    }

    /** What {@link #surcharge} did. */
    public enum SurchargeOutcome {
        /** Charged: the job keeps the surcharge too, shown in its {@code billing}. */
        CHARGED,
        /** The balance does not cover it: nothing changed. */
        INSUFFICIENT,
        /**
         * The job is not this attempt's any more (finished, or put back and claimed again), its charge is not the
         * one priced against, or it was surcharged already: nothing changed.
         */
        NOT_APPLICABLE
    }

    /** @param availableSynapses the balance that could not cover an {@code INSUFFICIENT} surcharge, else -1 */
    public record Surcharge(SurchargeOutcome outcome, long availableSynapses) {
    }

    /**
     * Charges {@code amount} more for a job whose decoded audio is longer than what it was charged for, in
     * one transaction: the job's charge grows only while it is {@code processing} under the attempt and the
     * charge the worker priced against ({@code job}'s), and only if it was never surcharged; the balance is
     * debited only if it covers the amount, with a {@code surcharge} ledger row. Both or neither.
     */
    public Uni<Surcharge> surcharge(TranscriptionJob job, long amount, String reason) {
        OffsetDateTime now = now();
        return Panache.withTransaction(() -> TranscriptionJob.update("synapsesCharged = synapsesCharged + ?1,"
                                + " synapsesSurcharged = synapsesSurcharged + ?1, updatedAt = ?2 where id = ?3 and status = ?4"
                                + " and attempts = ?5 and synapsesCharged = ?6 and synapsesSurcharged = 0",
                        amount, now, job.id, TranscriptionStatus.processing, job.attempts, job.synapsesCharged)
                .flatMap(updated -> updated == 0 ? Uni.createFrom().item(new Surcharge(SurchargeOutcome.NOT_APPLICABLE, -1))
                        : ledger.surcharge(job.organizationId, amount, job.id, reason).flatMap(entry -> entry != null
                                ? Uni.createFrom().item(new Surcharge(SurchargeOutcome.CHARGED, -1))
                                // undoes the job's larger charge with the rest of the transaction
                                : balance(job.organizationId).flatMap(available -> Uni.createFrom().<Surcharge>failure(
                                        new InsufficientSynapsesException(amount, available))))))
                .onFailure(InsufficientSynapsesException.class).recoverWithItem(e ->
                        new Surcharge(SurchargeOutcome.INSUFFICIENT, ((InsufficientSynapsesException) e).available()))
                .invoke(done -> {
                    if (done.outcome() == SurchargeOutcome.CHARGED) {
                        metrics.surcharged(amount);
                    }
                });
    }

    /**
     * {@code processing -> completed} with the result, settling the bill from the decoded duration: what
     * the job was charged (debit and surcharge) beyond the true cost is refunded; a true cost above it (audio
     * longer than paid for by less than the worker's tolerance) is not charged.
     * Emits false when the job was no longer processing (nothing changed).
     */
    public Uni<Boolean> complete(String transcriptionId, String resultJson, double decodedSeconds) {
        OffsetDateTime now = now();
        return Panache.withTransaction(() -> TranscriptionJob.<TranscriptionJob>findById(transcriptionId).flatMap(job -> {
            if (job == null || job.status != TranscriptionStatus.processing) {
                return Uni.createFrom().item(-1L);
            }
            long trueCost = job.price().forDuration(decodedSeconds).synapses();
            long refund = Math.max(0, job.synapsesCharged - trueCost);
            return TranscriptionJob.update("status = ?1, result = ?2, completedAt = ?3, updatedAt = ?3, synapsesRefunded = ?4,"
                            + " progress = 100, progressUpdatedAt = ?3 where id = ?5 and status = ?6",
                            TranscriptionStatus.completed, resultJson, now, refund, transcriptionId, TranscriptionStatus.processing)
                    .flatMap(updated -> updated == 0 ? Uni.createFrom().item(-1L)
                            : refund == 0 ? Uni.createFrom().item(0L)
                            : ledger.refund(job.organizationId, refund, transcriptionId, String.format(Locale.ROOT,
                                    "settlement: %.3f s decoded", decodedSeconds)).map(entry -> refund))
                    .call(refunded -> refunded >= 0 ? webhooks.record(job, WebhookEvents.COMPLETED, "completed", null, null, now)
                            : Uni.createFrom().voidItem());
        })).map(refunded -> {
            if (refunded < 0) {
                return false;
            }
            metrics.finished(TranscriptionStatus.completed.name(), null);
            metrics.refunded(refunded);
            return true;
        }).call(done -> done ? webhooks.dispatch(transcriptionId) : Uni.createFrom().voidItem());
    }

    /** {@code queued|processing -> failed} with the reason, refunding the whole pre-charge once. */
    public Uni<Boolean> fail(String transcriptionId, String code, String message) {
        return fail(transcriptionId, code, message, EnumSet.of(TranscriptionStatus.queued, TranscriptionStatus.processing));
    }

    /**
     * {@code queued -> failed}, refunding in full, for a job no worker took; false (nothing changed) once a
     * worker claimed it, however late.
     */
    public Uni<Boolean> failQueued(String transcriptionId, String code, String message) {
        return fail(transcriptionId, code, message, EnumSet.of(TranscriptionStatus.queued));
    }

    private Uni<Boolean> fail(String transcriptionId, String code, String message, Set<TranscriptionStatus> from) {
        OffsetDateTime now = now();
        return Panache.withTransaction(() -> TranscriptionJob.<TranscriptionJob>findById(transcriptionId).flatMap(job -> {
            if (job == null || !from.contains(job.status)) {
                return Uni.createFrom().item(-1L);
            }
            return TranscriptionJob.update("status = ?1, errorCode = ?2, errorMessage = ?3, completedAt = ?4, updatedAt = ?4,"
                            + " synapsesRefunded = synapsesCharged where id = ?5 and status = ?6",
                            TranscriptionStatus.failed, code, truncate(message), now, transcriptionId, job.status)
                    .flatMap(updated -> updated == 0 ? Uni.createFrom().item(-1L)
                            : refundAll(job, "failed: " + code).map(ok -> job.synapsesCharged - job.synapsesRefunded))
                    .call(refunded -> refunded >= 0 ? webhooks.record(job, WebhookEvents.FAILED, "failed", code, truncate(message), now)
                            : Uni.createFrom().voidItem());
        })).map(refunded -> {
            // counted once committed: a rolled-back failure is no failure
            if (refunded < 0) {
                return false;
            }
            metrics.finished(TranscriptionStatus.failed.name(), code);
            metrics.refunded(refunded);
            return true;
        }).call(done -> done ? webhooks.dispatch(transcriptionId) : Uni.createFrom().voidItem());
    }

    /** {@code queued -> cancelled} for its owner, refunding in full; not found for anyone else, a conflict once it started. */
    public Uni<TranscriptionJob> cancel(String organizationId, String transcriptionId) {
        OffsetDateTime now = now();
        return Panache.withTransaction(() -> owned(organizationId, transcriptionId).flatMap(job ->
                TranscriptionJob.update("status = ?1, updatedAt = ?2, completedAt = ?2, synapsesRefunded = synapsesCharged"
                                + " where id = ?3 and status = ?4",
                                TranscriptionStatus.cancelled, now, transcriptionId, TranscriptionStatus.queued)
                        .flatMap(updated -> {
                            if (updated == 0) {
                                throw new DomainException(ErrorKind.CONFLICT, "transcription_not_cancellable",
                                        "only a queued transcription can be cancelled; this one is " + job.status, "transcription_id");
                            }
                            return refundAll(job, "cancelled");
                        })
                        .flatMap(ignored -> reload(transcriptionId))))
                .invoke(cancelled -> {
                    metrics.finished(TranscriptionStatus.cancelled.name(), null);
                    metrics.refunded(cancelled.synapsesRefunded);
                });
    }

    /**
     * Jobs stuck in {@code processing} longer than {@code limit} (their worker died) go back to the queue
     * (unsent, so the outbox sweeper sends them again) until {@code maxAttempts}, then fail and are refunded.
     */
    public Uni<Integer> recoverStuck(Duration limit, int maxAttempts, int batch) {
        OffsetDateTime cutoff = now().minus(limit);
        return Panache.withSession(() -> TranscriptionJob.<TranscriptionJob>find("status = ?1 and startedAt < ?2 order by startedAt",
                        TranscriptionStatus.processing, cutoff).page(0, batch).list())
                .flatMap(jobs -> recover(jobs, 0, 0, cutoff, maxAttempts));
    }

    private Uni<Integer> recover(List<TranscriptionJob> jobs, int index, int done, OffsetDateTime cutoff, int maxAttempts) {
        if (index == jobs.size()) {
            return Uni.createFrom().item(done);
        }
        TranscriptionJob job = jobs.get(index);
        Uni<Boolean> step = job.attempts >= maxAttempts
                ? fail(job.id, "processing_timeout", "the job did not finish after " + job.attempts + " attempts")
                : Panache.withTransaction(() -> TranscriptionJob.update("status = ?1, enqueuedAt = null, updatedAt = ?2"
                                + " where id = ?3 and status = ?4 and startedAt < ?5",
                        TranscriptionStatus.queued, now(), job.id, TranscriptionStatus.processing, cutoff))
                        .map(updated -> updated == 1);
        return step.invoke(changed -> {
                    if (changed) {
                        LOG.warnf("job %s was stuck in processing (attempt %d of %d): %s", job.id, job.attempts, maxAttempts,
                                job.attempts >= maxAttempts ? "failed and refunded" : "queued again");
                    }
                })
                .flatMap(changed -> recover(jobs, index + 1, changed ? done + 1 : done, cutoff, maxAttempts));
    }

    /** The job if it belongs to the organisation; anyone else's is exactly as absent as a missing one. */
    public static Uni<TranscriptionJob> owned(String organizationId, String transcriptionId) {
        return TranscriptionJob.<TranscriptionJob>findById(transcriptionId).map(job -> {
            if (job == null || !job.organizationId.equals(organizationId)) {
                throw new DomainException(ErrorKind.NOT_FOUND, "transcription_not_found", "no transcription " + transcriptionId, "transcription_id");
            }
            return job;
        });
    }

    private Uni<Boolean> refundAll(TranscriptionJob job, String reason) {
        long amount = job.synapsesCharged - job.synapsesRefunded;
        return amount <= 0 ? Uni.createFrom().item(true)
                : ledger.refund(job.organizationId, amount, job.id, reason).map(entry -> true);
    }

    private static Uni<Long> balance(String organizationId) {
        return Panache.getSession().flatMap(session -> session.createQuery("select o.balance from Organization o where o.id = ?1",
                Long.class).setParameter(1, organizationId).getSingleResult());
    }

    private static Uni<TranscriptionJob> reload(String transcriptionId) {
        return Panache.getSession().flatMap(session -> session.find(TranscriptionJob.class, transcriptionId)
                .call(session::refresh));
    }

    private static String truncate(String message) {
        return message == null ? null : message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
