package ai.synapses.transcribe.job;

import ai.synapses.transcribe.billing.InsufficientSynapsesException;
import ai.synapses.transcribe.billing.SynapseLedger;
import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.limits.LimitSettings;
import ai.synapses.transcribe.metrics.JobMetrics;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import ai.synapses.transcribe.webhook.WebhookOutbox;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Every status change after submit, and nowhere else (the statements themselves are the
 * {@link TranscriptionStore}'s). Each is a conditional update ({@code ... where status = ...}), so a duplicate
 * message, a late worker or a concurrent cancel finds nothing to change; each money movement commits in the same transaction as the status it belongs to, and the schema allows one
 * refund per job, so a refund happens exactly once whatever is retried. Completing or failing a job also
 * records its webhook event in the same transaction (the outbox) and hands it to the queue after the commit.
 */
@ApplicationScoped
public class JobLifecycle {

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class);

    private final TranscriptionStore store;
    private final SynapseLedger ledger;
    private final WebhookOutbox webhooks;
    private final LimitSettings limits;
    private final JobMetrics metrics;

    public JobLifecycle(TranscriptionStore store, SynapseLedger ledger, WebhookOutbox webhooks, LimitSettings limits,
            JobMetrics metrics) {
        this.store = store;
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
    public record Claim(Optional<TranscriptionJob> job, boolean atCapacity) {
        static final Claim NOT_QUEUED = new Claim(Optional.empty(), false);
        static final Claim AT_CAPACITY = new Claim(Optional.empty(), true);
    }

    /** {@code queued -> processing}; empty when the job is not queued or its organisation is at its cap. */
    public Uni<Optional<TranscriptionJob>> claim(String transcriptionId) {
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
        return Panache.withTransaction(() -> store.queuedOrganization(transcriptionId)
                .flatMap(organization -> organization.isEmpty() ? Uni.createFrom().item(Claim.NOT_QUEUED)
                        : lockOrganization(organization.get())
                                .flatMap(locked -> store.claimWithinLimit(transcriptionId, now, limits.maxConcurrentJobs()))
                                .flatMap(claimed -> !claimed ? Uni.createFrom().item(Claim.AT_CAPACITY)
                                        : store.find(transcriptionId).map(job -> new Claim(job, false)))));
    }

    /** Serialises the claims of one organisation until the transaction ends. */
    private static Uni<Long> lockOrganization(String organizationId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select count(*) from (select pg_advisory_xact_lock(hashtext(?1))) locked", Long.class)
                .setParameter(1, organizationId).getSingleResult());
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

    /** @param availableSynapses the balance that could not cover an {@code INSUFFICIENT} surcharge; empty otherwise */
    public record Surcharge(SurchargeOutcome outcome, OptionalLong availableSynapses) {
        static final Surcharge CHARGED = new Surcharge(SurchargeOutcome.CHARGED, OptionalLong.empty());
        static final Surcharge NOT_APPLICABLE = new Surcharge(SurchargeOutcome.NOT_APPLICABLE, OptionalLong.empty());

        static Surcharge insufficient(long available) {
            return new Surcharge(SurchargeOutcome.INSUFFICIENT, OptionalLong.of(available));
        }
    }

    /**
     * Charges {@code amount} more for a job whose decoded audio is longer than what it was charged for, in
     * one transaction: the job's charge grows only while it is {@code processing} under the attempt and the
     * charge the worker priced against ({@code job}'s), and only if it was never surcharged; the balance is
     * debited only if it covers the amount, with a {@code surcharge} ledger row. Both or neither.
     */
    public Uni<Surcharge> surcharge(TranscriptionJob job, long amount, String reason) {
        OffsetDateTime now = now();
        return Panache.withTransaction(() -> store.addSurcharge(job, amount, now)
                .flatMap(added -> !added ? Uni.createFrom().item(Surcharge.NOT_APPLICABLE)
                        : ledger.surcharge(job.organizationId, amount, job.id, reason).flatMap(entry -> entry != null
                                ? Uni.createFrom().item(Surcharge.CHARGED)
                                // undoes the job's larger charge with the rest of the transaction
                                : balance(job.organizationId).flatMap(available -> Uni.createFrom().<Surcharge>failure(
                                        new InsufficientSynapsesException(amount, available))))))
                .onFailure(InsufficientSynapsesException.class).recoverWithItem(e ->
                        Surcharge.insufficient(((InsufficientSynapsesException) e).available()))
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
    public Uni<Boolean> complete(String transcriptionId, TranscriptionResult result, double decodedSeconds) {
        OffsetDateTime now = now();
        // the refund when the job was completed; empty when it was not processing any more
        return Panache.withTransaction(() -> store.find(transcriptionId).flatMap(found -> {
            if (found.isEmpty() || found.get().status != TranscriptionStatus.processing) {
                return Uni.createFrom().item(OptionalLong.empty());
            }
            TranscriptionJob job = found.get();
            long trueCost = job.price().forDuration(decodedSeconds).synapses();
            long refund = Math.max(0, job.synapsesCharged - trueCost);
            return store.complete(transcriptionId, result, refund, now)
                    .flatMap(completed -> !completed ? Uni.createFrom().item(OptionalLong.empty())
                            : refund == 0 ? Uni.createFrom().item(OptionalLong.of(0))
                            : ledger.refund(job.organizationId, refund, transcriptionId, String.format(Locale.ROOT,
                                    "settlement: %.3f s decoded", decodedSeconds)).map(entry -> OptionalLong.of(refund)))
                    .call(refunded -> refunded.isPresent()
                            ? webhooks.record(job, WebhookEvents.COMPLETED, "completed", null, null, now)
                            : Uni.createFrom().voidItem());
        })).map(refunded -> {
            if (refunded.isEmpty()) {
                return false;
            }
            metrics.finished(TranscriptionStatus.completed.name(), null);
            metrics.refunded(refunded.getAsLong());
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
        // the refund when the job failed; empty when it was in none of the states it may fail from
        return Panache.withTransaction(() -> store.find(transcriptionId).flatMap(found -> {
            if (found.isEmpty() || !from.contains(found.get().status)) {
                return Uni.createFrom().item(OptionalLong.empty());
            }
            TranscriptionJob job = found.get();
            return store.fail(transcriptionId, job.status, code, truncate(message), now)
                    .flatMap(failed -> !failed ? Uni.createFrom().item(OptionalLong.empty())
                            : refundAll(job, "failed: " + code).map(ok -> OptionalLong.of(job.synapsesCharged - job.synapsesRefunded)))
                    .call(refunded -> refunded.isPresent()
                            ? webhooks.record(job, WebhookEvents.FAILED, "failed", code, truncate(message), now)
                            : Uni.createFrom().voidItem());
        })).map(refunded -> {
            // counted once committed: a rolled-back failure is no failure
            if (refunded.isEmpty()) {
                return false;
            }
            metrics.finished(TranscriptionStatus.failed.name(), code);
            metrics.refunded(refunded.getAsLong());
            return true;
        }).call(done -> done ? webhooks.dispatch(transcriptionId) : Uni.createFrom().voidItem());
    }

    /** {@code queued -> cancelled} for its owner, refunding in full; not found for anyone else, a conflict once it started. */
    public Uni<TranscriptionJob> cancel(String organizationId, String transcriptionId) {
        OffsetDateTime now = now();
        return Panache.withTransaction(() -> store.owned(organizationId, transcriptionId).flatMap(job ->
                store.cancel(transcriptionId, now)
                        .flatMap(cancelled -> {
                            if (!cancelled) {
                                throw new DomainException(ErrorKind.CONFLICT, "transcription_not_cancellable",
                                        "only a queued transcription can be cancelled; this one is " + job.status, "transcription_id");
                            }
                            return refundAll(job, "cancelled");
                        })
                        .flatMap(ignored -> store.reload(transcriptionId))))
                .invoke(cancelled -> {
                    metrics.finished(TranscriptionStatus.cancelled.name(), null);
                    metrics.refunded(cancelled.synapsesRefunded);
                });
    }

    /**
     * {@code processing -> queued} for a job its worker gives back (a retryable failure, or an outcome it could
     * not record), so the redelivered message can claim it again. False when it was not processing.
     */
    public Uni<Boolean> release(String transcriptionId) {
        return Panache.withTransaction(() -> store.release(transcriptionId, now()));
    }

    /**
     * A queued job's message was sent again (its organisation was at its concurrency limit): its wait for a
     * worker starts again (see {@code UnclaimedJobSweeper}). The status stays {@code queued}.
     */
    public Uni<Boolean> resent(String transcriptionId) {
        return Panache.withTransaction(() -> store.markResent(transcriptionId, now()));
    }

    /**
     * Jobs stuck in {@code processing} longer than {@code limit} (their worker died) go back to the queue
     * (unsent, so the outbox sweeper sends them again) until {@code maxAttempts}, then fail and are refunded.
     */
    public Uni<Integer> recoverStuck(Duration limit, int maxAttempts, int batch) {
        OffsetDateTime cutoff = now().minus(limit);
        return store.findStuck(cutoff, batch).flatMap(jobs -> recover(jobs, 0, 0, cutoff, maxAttempts));
    }

    private Uni<Integer> recover(List<TranscriptionJob> jobs, int index, int done, OffsetDateTime cutoff, int maxAttempts) {
        if (index == jobs.size()) {
            return Uni.createFrom().item(done);
        }
        TranscriptionJob job = jobs.get(index);
        Uni<Boolean> step = job.attempts >= maxAttempts
                ? fail(job.id, "processing_timeout", "the job did not finish after " + job.attempts + " attempts")
                : Panache.withTransaction(() -> store.requeueStuck(job.id, cutoff, now()));
        return step.invoke(changed -> {
                    if (changed) {
                        LOG.warnf("job %s was stuck in processing (attempt %d of %d): %s", job.id, job.attempts, maxAttempts,
                                job.attempts >= maxAttempts ? "failed and refunded" : "queued again");
                    }
                })
                .flatMap(changed -> recover(jobs, index + 1, changed ? done + 1 : done, cutoff, maxAttempts));
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

    private static String truncate(String message) {
        return message == null ? null : message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
