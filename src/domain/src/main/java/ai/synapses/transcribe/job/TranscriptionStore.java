package ai.synapses.transcribe.job;

import ai.synapses.transcribe.availability.CommitUncertain;
import ai.synapses.transcribe.availability.DatabaseFailures;
import ai.synapses.transcribe.billing.InsufficientSynapsesException;
import ai.synapses.transcribe.billing.PricingChangedException;
import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.idempotency.IdempotencyKeys;
import ai.synapses.transcribe.json.JsonColumns;
import ai.synapses.transcribe.transcript.JobOptions;
import ai.synapses.transcribe.transcript.TranscriptionResult;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every statement on the {@code transcriptions} table. Two ways in, each where it is needed:
 * <ul>
 * <li>the reactive pool, one statement in autocommit, for what runs alone: the submit's pre-charge (which must know the
 *     server process behind its connection), the outbox's send marks, progress (written from recognition threads, which
 *     have no Vert.x context) and the unclaimed-job sweep;</li>
 * <li>the Hibernate Reactive session, for what commits together with the ledger or the webhook outbox (claim,
 *     surcharge, settlement, failure, cancel, erasure, requeue): these methods join the caller's session and
 *     transaction ({@code Panache.withTransaction} in {@link JobLifecycle} or {@link TranscriptionErasure}) and open
 *     none of their own; the reads open a session only when there is none.</li>
 * </ul>
 */
@ApplicationScoped
public class TranscriptionStore {

    /** A job the queue took that no worker claimed, and how often it was sent again already. */
    public record Unclaimed(String id, int requeues) {
    }

    /** Where a page of the list ends: the last row's creation time and id (newest first, then by id). */
    public record Position(OffsetDateTime createdAt, String id) {
        public static Position of(TranscriptionJob job) {
            return new Position(job.createdAt, job.id);
        }
    }

    /**
     * An organisation's transcriptions, newest first, optionally of one status, created strictly after
     * {@code createdAfter} and strictly before {@code createdBefore}, after a position.
     */
    public record ListFilter(String organizationId, Optional<TranscriptionStatus> status, Optional<Position> after,
            int limit, Optional<OffsetDateTime> createdAfter, Optional<OffsetDateTime> createdBefore) {

        /** Any creation time. */
        public ListFilter(String organizationId, Optional<TranscriptionStatus> status, Optional<Position> after, int limit) {
            this(organizationId, status, after, limit, Optional.empty(), Optional.empty());
        }
    }

    /** One page, and where the next starts when there is more. */
    public record Page(List<TranscriptionJob> jobs, Optional<Position> next) {
    }

    /**
     * A submit's transaction, written as one statement: the conditional debit of the organisation's
     * balance, the job's row, its ledger row and the stored idempotent response commit together or not
     * at all. One statement in autocommit, rather than BEGIN, several statements and COMMIT, because
     * every submit of an organisation queues for that organisation's row lock: as one statement the lock
     * is taken and released inside the database, and never waits for a round trip to the service (which
     * under load is the slowest part of the transaction). The balance's check constraint still forbids an
     * overdraft whatever happens here.
     *
     * <p>With an Idempotency-Key the statement first locks the key's row, and debits only if the row still
     * carries the claim's token and no response: a claim taken over by a later request (its lock ran out)
     * charges nothing, and a takeover or a release that comes while this statement holds the row waits for
     * it to end, then finds the response stored. No statement locks an organisation's row before a key's,
     * so the two locks cannot deadlock.
     */
    private static final String PRECHARGE = """
            with owned as (
                select 1 from idempotency_keys
                 where organization_id = $2 and key = $17 and claim_token = $20 and response_status is null
                   for update),
            debited as (
                update organizations set balance = balance - $3::bigint
                 where id = $2 and balance >= $3::bigint and pricing_multiplier = $13
                   and ($17::text is null or exists (select 1 from owned))
                returning balance),
            job as (
                insert into transcriptions (id, organization_id, status, model_key, language, priority, audio_url, options,
                                            audio_metadata, synapses_charged, synapses_refunded, rate_per_second,
                                            multiplier_base, multiplier_org, multiplier_priority, transaction_id,
                                            created_at, updated_at, request_id)
                select $1, $2, 'queued', $5, $6, $7, $8, $9::text::jsonb, $10, $3::bigint, 0, $11, $12, $13, $14, $4, $15, $15, $16
                  from debited),
            ledger as (
                insert into ledger_entries (id, organization_id, kind, amount, balance_after, transcription_id, created_at)
                select $4, $2, 'debit', -$3::bigint, debited.balance, $1, $15 from debited),
            remembered as (
                update idempotency_keys set response_status = 202, response_headers = $18, response_body = $19
                 where organization_id = $2 and key = $17 and claim_token = $20 and exists (select 1 from debited))
            select (select balance from debited) as balance, ($17::text is null or exists (select 1 from owned)) as owned""";

    private final Pool pool;

    public TranscriptionStore(Pool pool) {
        this.pool = pool;
    }

    // ---- reactive pool, autocommit ----

    /**
     * Debits {@code job.synapsesCharged} and inserts the job with its ledger row (and, with a claim,
     * the 202 to replay), or fails having changed nothing: with {@link InsufficientSynapsesException}, with
     * {@link PricingChangedException} when the organisation's multiplier is no longer the job's, or
     * with {@link IdempotencyKeys.ClaimLost} when the claim's key now belongs to another request. When the
     * connection breaks after the statement was handed to it, fails with {@link CommitUncertain}: the
     * statement may have committed.
     */
    public Uni<Void> insertPrecharged(TranscriptionJob job, Optional<IdempotencyKeys.Proceed> claim, String location,
            String responseBody) {
        IdempotencyKeys.Proceed proceed = claim.orElse(null);
        Tuple values = Tuple.from(Arrays.asList(job.id, job.organizationId, job.synapsesCharged, job.transactionId,
                job.modelKey, job.language, job.priority, job.audioUrl, JsonColumns.write(job.options), job.audioMetadata,
                job.ratePerSecond, job.multiplierBase, job.multiplierOrganization, job.multiplierPriority,
                job.createdAt, job.requestId,
                proceed == null ? null : proceed.key(), proceed == null ? null : location,
                proceed == null ? null : responseBody, proceed == null ? null : proceed.token()));
        return pool.withConnection(connection -> {
            // the server process behind this connection, for finding out what became of the statement if the connection breaks
            int backend = PgConnection.cast(connection).processId();
            return connection.preparedQuery(PRECHARGE).execute(values)
                    .onFailure(DatabaseFailures::isUnavailable).transform(e -> new CommitUncertain(backend, e));
        }).flatMap(rows -> {
            Row row = rows.iterator().next();
            if (!row.getBoolean("owned")) {
                return Uni.createFrom().failure(new IdempotencyKeys.ClaimLost());
            }
            return row.getLong("balance") == null ? insufficient(job) : Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> insufficient(TranscriptionJob job) {
        return pool.preparedQuery("select balance, pricing_multiplier from organizations where id = $1")
                .execute(Tuple.of(job.organizationId))
                .flatMap(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    if (row != null && row.getBigDecimal(1).compareTo(job.multiplierOrganization) != 0) {
                        return Uni.createFrom().failure(new PricingChangedException(row.getBigDecimal(1)));
                    }
                    return Uni.createFrom().failure(new InsufficientSynapsesException(job.synapsesCharged,
                            row == null ? 0 : row.getLong(0)));
                });
    }

    public Uni<Boolean> exists(String transcriptionId) {
        return pool.preparedQuery("select exists (select 1 from transcriptions where id = $1)").execute(Tuple.of(transcriptionId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The queue acknowledged these jobs' messages: one statement for the whole batch. */
    public Uni<Void> markSent(List<String> transcriptionIds) {
        return pool.preparedQuery("update transcriptions set enqueued_at = now(), send_attempts = send_attempts + 1,"
                + " last_send_error = null where id = any($1)").execute(Tuple.of(transcriptionIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** The queue refused the job's message, with what it said. */
    public Uni<Void> markSendFailed(String transcriptionId, String error) {
        return pool.preparedQuery("update transcriptions set send_attempts = send_attempts + 1, last_send_error = $2"
                + " where id = $1").execute(Tuple.of(transcriptionId, error)).replaceWithVoid();
    }

    /** Raises a processing job's progress to {@code percent}; never lowers it. */
    public Uni<Void> raiseProgress(String transcriptionId, short percent) {
        return pool.preparedQuery("update transcriptions set progress = $2, progress_updated_at = now()"
                        + " where id = $1 and status = 'processing' and progress < $2")
                .execute(Tuple.of(transcriptionId, percent)).replaceWithVoid();
    }

    /** Queued jobs sent before {@code cutoff} and untouched since, oldest send first. */
    public Uni<List<Unclaimed>> findUnclaimed(OffsetDateTime cutoff, int batch) {
        return pool.preparedQuery("""
                        select id, requeues from transcriptions
                         where status = 'queued' and enqueued_at < $1 and updated_at < $1
                         order by enqueued_at limit $2""")
                .execute(Tuple.of(cutoff, batch))
                .map(rows -> {
                    List<Unclaimed> jobs = new ArrayList<>();
                    for (Row row : rows) {
                        jobs.add(new Unclaimed(row.getString(0), row.getInteger(1)));
                    }
                    return jobs;
                });
    }

    /** Back to the outbox (unsent), counted; false when the job changed since it was found. */
    public Uni<Boolean> requeueUnclaimed(Unclaimed job) {
        return pool.preparedQuery("""
                        update transcriptions set enqueued_at = null, requeues = requeues + 1, updated_at = now()
                         where id = $1 and status = 'queued' and requeues = $2 and enqueued_at is not null""")
                .execute(Tuple.of(job.id(), job.requeues()))
                .map(rows -> rows.rowCount() == 1);
    }

    // ---- Hibernate Reactive session: reads ----

    public Uni<Optional<TranscriptionJob>> find(String transcriptionId) {
        return Panache.withSession(() -> TranscriptionJob.<TranscriptionJob>findById(transcriptionId).map(Optional::ofNullable));
    }

    /** The job if it belongs to the organisation; anyone else's is exactly as absent as a missing one (404). */
    public Uni<TranscriptionJob> owned(String organizationId, String transcriptionId) {
        return find(transcriptionId).map(found -> found.filter(job -> job.organizationId.equals(organizationId))
                .orElseThrow(() -> new DomainException(ErrorKind.NOT_FOUND, "transcription_not_found", "no transcription " + transcriptionId,
                        "transcription_id")));
    }

    /** The job as the database has it now, past the session's cache. */
    public Uni<TranscriptionJob> reload(String transcriptionId) {
        return Panache.getSession().flatMap(session -> session.find(TranscriptionJob.class, transcriptionId)
                .call(session::refresh));
    }

    /** Queued jobs the queue never acknowledged, created before {@code cutoff}, oldest first. */
    public Uni<List<TranscriptionJob>> findUnsent(OffsetDateTime cutoff, int batch) {
        return Panache.withSession(() -> TranscriptionJob.<TranscriptionJob>find(
                        "status = ?1 and enqueuedAt is null and createdAt < ?2 order by createdAt",
                        TranscriptionStatus.queued, cutoff)
                .page(0, batch).list());
    }

    /** Jobs processing since before {@code cutoff}, longest first. */
    public Uni<List<TranscriptionJob>> findStuck(OffsetDateTime cutoff, int batch) {
        return Panache.withSession(() -> TranscriptionJob.<TranscriptionJob>find("status = ?1 and startedAt < ?2 order by startedAt",
                TranscriptionStatus.processing, cutoff).page(0, batch).list());
    }

    /** One page of an organisation's transcriptions (keyset paging: newest first, ties by id). */
    public Uni<Page> list(ListFilter filter) {
        StringBuilder where = new StringBuilder("organizationId = :org");
        Map<String, Object> params = new HashMap<>(Map.of("org", filter.organizationId()));
        filter.status().ifPresent(status -> {
            where.append(" and status = :status");
            params.put("status", status);
        });
        filter.createdAfter().ifPresent(at -> {
            where.append(" and createdAt > :createdAfter");
            params.put("createdAfter", at);
        });
        filter.createdBefore().ifPresent(at -> {
            where.append(" and createdAt < :createdBefore");
            params.put("createdBefore", at);
        });
        filter.after().ifPresent(after -> {
            where.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            params.put("at", after.createdAt());
            params.put("id", after.id());
        });
        int limit = filter.limit();
        return Panache.withSession(() -> TranscriptionJob.<TranscriptionJob>find(where + " order by createdAt desc, id desc", params)
                        .page(0, limit + 1).list())
                .map(jobs -> {
                    boolean more = jobs.size() > limit;
                    List<TranscriptionJob> page = more ? jobs.subList(0, limit) : jobs;
                    return new Page(page, more ? Optional.of(Position.of(page.get(page.size() - 1))) : Optional.empty());
                });
    }

    // ---- Hibernate Reactive session: statements inside the caller's transaction ----

    /** The organisation of the job if it is queued. */
    Uni<Optional<String>> queuedOrganization(String transcriptionId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "select organization_id from transcriptions where id = ?1 and status = 'queued'", String.class)
                .setParameter(1, transcriptionId).getResultList()
                .map(orgs -> orgs.isEmpty() ? Optional.<String>empty() : Optional.of(orgs.get(0))));
    }

    /** {@code queued -> processing} while the organisation has fewer than its maximum processing; false otherwise. */
    Uni<Boolean> claimWithinLimit(String transcriptionId, OffsetDateTime now, int defaultMaxConcurrentJobs) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        update transcriptions t
                           set status = 'processing', attempts = t.attempts + 1, started_at = ?2, updated_at = ?2
                         where t.id = ?1 and t.status = 'queued'
                           and (select count(*) from transcriptions p
                                 where p.organization_id = t.organization_id and p.status = 'processing')
                             < (select coalesce(o.max_concurrent_jobs, ?3) from organizations o
                                 where o.id = t.organization_id)""")
                .setParameter(1, transcriptionId).setParameter(2, now)
                .setParameter(3, defaultMaxConcurrentJobs)
                .executeUpdate()
                .map(claimed -> claimed > 0));
    }

    /** Adds the surcharge while the job is processing under the attempt and charge it was priced against, once. */
    Uni<Boolean> addSurcharge(TranscriptionJob job, long amount, OffsetDateTime now) {
        return TranscriptionJob.update("synapsesCharged = synapsesCharged + ?1,"
                        + " synapsesSurcharged = synapsesSurcharged + ?1, updatedAt = ?2 where id = ?3 and status = ?4"
                        + " and attempts = ?5 and synapsesCharged = ?6 and synapsesSurcharged = 0",
                amount, now, job.id, TranscriptionStatus.processing, job.attempts, job.synapsesCharged)
                .map(updated -> updated > 0);
    }

    /** {@code processing -> completed} with the result and the refund it is owed. */
    Uni<Boolean> complete(String transcriptionId, TranscriptionResult result, long refund, OffsetDateTime now) {
        return TranscriptionJob.update("status = ?1, result = ?2, completedAt = ?3, updatedAt = ?3, synapsesRefunded = ?4,"
                        + " progress = 100, progressUpdatedAt = ?3 where id = ?5 and status = ?6",
                TranscriptionStatus.completed, result, now, refund, transcriptionId, TranscriptionStatus.processing)
                .map(updated -> updated > 0);
    }

    /** {@code from -> failed} with the reason, the whole charge refunded. */
    Uni<Boolean> fail(String transcriptionId, TranscriptionStatus from, String code, String message, OffsetDateTime now) {
        return TranscriptionJob.update("status = ?1, errorCode = ?2, errorMessage = ?3, completedAt = ?4, updatedAt = ?4,"
                        + " synapsesRefunded = synapsesCharged where id = ?5 and status = ?6",
                TranscriptionStatus.failed, code, message, now, transcriptionId, from)
                .map(updated -> updated > 0);
    }

    /** {@code queued -> cancelled}, the whole charge refunded. */
    Uni<Boolean> cancel(String transcriptionId, OffsetDateTime now) {
        return TranscriptionJob.update("status = ?1, updatedAt = ?2, completedAt = ?2, synapsesRefunded = synapsesCharged"
                        + " where id = ?3 and status = ?4",
                TranscriptionStatus.cancelled, now, transcriptionId, TranscriptionStatus.queued)
                .map(updated -> updated > 0);
    }

    /** {@code processing -> queued} and unsent, for a job processing since before {@code cutoff}. */
    Uni<Boolean> requeueStuck(String transcriptionId, OffsetDateTime cutoff, OffsetDateTime now) {
        return TranscriptionJob.update("status = ?1, enqueuedAt = null, updatedAt = ?2"
                                + " where id = ?3 and status = ?4 and startedAt < ?5",
                        TranscriptionStatus.queued, now, transcriptionId, TranscriptionStatus.processing, cutoff)
                .map(updated -> updated == 1);
    }

    /** {@code processing -> queued}, sent as it was (its message is redelivered). */
    Uni<Boolean> release(String transcriptionId, OffsetDateTime now) {
        return TranscriptionJob.update("status = ?1, updatedAt = ?2 where id = ?3 and status = ?4",
                TranscriptionStatus.queued, now, transcriptionId, TranscriptionStatus.processing)
                .map(updated -> updated > 0);
    }

    /** A queued job was sent again: its wait for a worker starts now. */
    Uni<Boolean> markResent(String transcriptionId, OffsetDateTime now) {
        return TranscriptionJob.update("enqueuedAt = ?1 where id = ?2 and status = ?3", now, transcriptionId,
                        TranscriptionStatus.queued)
                .map(updated -> updated > 0);
    }

    /** Forgets a finished job's transcript and URLs' paths; false while it is not finished. */
    Uni<Boolean> eraseContent(String transcriptionId, String audioHost, JobOptions options, OffsetDateTime now) {
        return TranscriptionJob.update("result = null, errorMessage = null, audioUrl = ?1, options = ?2,"
                                + " contentDeletedAt = coalesce(contentDeletedAt, ?3), updatedAt = ?3"
                                + " where id = ?4 and status in (?5, ?6, ?7)",
                        audioHost, options, now, transcriptionId,
                        TranscriptionStatus.completed, TranscriptionStatus.failed, TranscriptionStatus.cancelled)
                .map(updated -> updated > 0);
    }
}
