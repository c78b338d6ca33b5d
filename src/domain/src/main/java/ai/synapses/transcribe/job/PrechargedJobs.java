package ai.synapses.transcribe.job;

import ai.synapses.transcribe.availability.CommitUncertain;
import ai.synapses.transcribe.availability.DatabaseFailures;
import ai.synapses.transcribe.billing.InsufficientSynapsesException;
import ai.synapses.transcribe.idempotency.IdempotencyKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;

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
@ApplicationScoped
public class PrechargedJobs {

    private static final String INSERT = """
            with owned as (
                select 1 from idempotency_keys
                 where organization_id = $2 and key = $17 and claim_token = $20 and response_status is null
                   for update),
            debited as (
                update organizations set balance = balance - $3::bigint
                 where id = $2 and balance >= $3::bigint and ($17::text is null or exists (select 1 from owned))
                returning balance),
            job as (
                insert into transcriptions (id, organization_id, status, model_key, language, priority, audio_url, options,
                                            audio_metadata, synapses_charged, synapses_refunded, rate_per_second,
                                            multiplier_base, multiplier_org, multiplier_priority, transaction_id,
                                            created_at, updated_at, request_id)
                select $1, $2, 'queued', $5, $6, $7, $8, $9, $10, $3::bigint, 0, $11, $12, $13, $14, $4, $15, $15, $16
                  from debited),
            ledger as (
                insert into ledger_entries (id, organization_id, kind, amount, balance_after, transcription_id, created_at)
                select $4, $2, 'debit', -$3::bigint, debited.balance, $1, $15 from debited),
            remembered as (
                update idempotency_keys set response_status = 202, response_headers = $18, response_body = $19
                 where organization_id = $2 and key = $17 and claim_token = $20 and exists (select 1 from debited))
            select (select balance from debited) as balance, ($17::text is null or exists (select 1 from owned)) as owned""";

    private final Pool pool;

    public PrechargedJobs(Pool pool) {
        this.pool = pool;
    }

    /**
     * Debits {@code job.synapsesCharged} and inserts the job with its ledger row (and, with a claim,
     * the 202 to replay), or fails having changed nothing: with {@link InsufficientSynapsesException}, or
     * with {@link IdempotencyKeys.ClaimLost} when the claim's key now belongs to another request. When the
     * connection breaks after the statement was handed to it, fails with {@link CommitUncertain}: the
     * statement may have committed.
     */
    public Uni<Void> insert(TranscriptionJob job, IdempotencyKeys.Proceed claim, String location, String responseBody) {
        Tuple values = Tuple.from(Arrays.asList(job.id, job.organizationId, job.synapsesCharged, job.transactionId,
                job.modelKey, job.language, job.priority, job.audioUrl, job.options, job.audioMetadata,
                job.ratePerSecond, job.multiplierBase, job.multiplierOrganization, job.multiplierPriority,
                job.createdAt, job.requestId,
                claim == null ? null : claim.key(), claim == null ? null : location, claim == null ? null : responseBody,
                claim == null ? null : claim.token()));
        return pool.withConnection(connection -> {
            // the server process behind this connection, for finding out what became of the statement if the connection breaks
            int backend = PgConnection.cast(connection).processId();
            return connection.preparedQuery(INSERT).execute(values)
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
        return pool.preparedQuery("select balance from organizations where id = $1").execute(Tuple.of(job.organizationId))
                .flatMap(rows -> Uni.createFrom().failure(new InsufficientSynapsesException(job.synapsesCharged,
                        rows.size() == 0 ? 0 : rows.iterator().next().getLong(0))));
    }
}
