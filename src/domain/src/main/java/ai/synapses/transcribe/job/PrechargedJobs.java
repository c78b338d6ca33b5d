package ai.synapses.transcribe.job;

import ai.synapses.transcribe.billing.InsufficientSynapsesException;
import ai.synapses.transcribe.idempotency.IdempotencyKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
 */
@ApplicationScoped
public class PrechargedJobs {

    private static final String INSERT = """
            with debited as (
                update organizations set balance = balance - $3::bigint
                 where id = $2 and balance >= $3::bigint
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
                 where organization_id = $2 and key = $17 and exists (select 1 from debited))
            select balance from debited""";

    private final Pool pool;

    public PrechargedJobs(Pool pool) {
        this.pool = pool;
    }

    /**
     * Debits {@code job.synapsesCharged} and inserts the job with its ledger row (and, with a claim,
     * the 202 to replay), or fails with {@link InsufficientSynapsesException} having changed nothing.
     */
    public Uni<Void> insert(TranscriptionJob job, IdempotencyKeys.Proceed claim, String location, String responseBody) {
        Tuple values = Tuple.from(Arrays.asList(job.id, job.organizationId, job.synapsesCharged, job.transactionId,
                job.modelKey, job.language, job.priority, job.audioUrl, job.options, job.audioMetadata,
                job.ratePerSecond, job.multiplierBase, job.multiplierOrganization, job.multiplierPriority,
                job.createdAt, job.requestId,
                claim == null ? null : claim.key(), claim == null ? null : location, claim == null ? null : responseBody));
        return pool.preparedQuery(INSERT).execute(values).flatMap(rows -> rows.size() == 0
                ? insufficient(job)
                : Uni.createFrom().voidItem());
    }

    private Uni<Void> insufficient(TranscriptionJob job) {
        return pool.preparedQuery("select balance from organizations where id = $1").execute(Tuple.of(job.organizationId))
                .flatMap(rows -> Uni.createFrom().failure(new InsufficientSynapsesException(job.synapsesCharged,
                        rows.size() == 0 ? 0 : rows.iterator().next().getLong(0))));
    }
}
