package ai.synapses.transcribe.job;

import ai.synapses.transcribe.audioformat.AudioMetadata;
import ai.synapses.transcribe.availability.CommitUncertain;
import ai.synapses.transcribe.availability.DatabaseGuard;
import ai.synapses.transcribe.availability.ServiceUnavailable;
import ai.synapses.transcribe.billing.Price;
import ai.synapses.transcribe.transcript.EngineSettings;
import ai.synapses.transcribe.id.Ids;
import ai.synapses.transcribe.idempotency.IdempotencyKeys;
import ai.synapses.transcribe.json.Json;
import ai.synapses.transcribe.metrics.JobMetrics;
import ai.synapses.transcribe.queue.JobDispatcher;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;

/**
 * The last step of {@link SubmitTranscription}: turns a validated, priced request into a queued job. One
 * statement ({@link TranscriptionStore#insertPrecharged}) debits the balance (conditionally), inserts the job and
 * its ledger row and stores the idempotent response; only after it commits is the job sent to the queue. The transaction runs under the {@link DatabaseGuard}:
 * with the database down it fails as {@code service_unavailable} having committed nothing. When the connection
 * breaks after the statement was sent, {@link PrechargeOutcomes} finds out whether it committed: then the
 * customer gets the accepted job and the job is dispatched as usual; if not, {@code service_unavailable}.
 */
@ApplicationScoped
public class TranscriptionSubmission {

    private static final Logger LOG = Logger.getLogger(TranscriptionSubmission.class);

    /**
     * What the customer is told: the job as committed and its 202 body, rendered once before the insert (with an
     * idempotency claim the same body is stored, so a replay answers byte for byte the same).
     */
    public record Accepted(TranscriptionJob job, String responseBody) {
    }

    private final TranscriptionStore store;
    private final JobDispatcher dispatcher;
    private final EngineSettings engine;
    private final ObjectMapper json;
    private final JobMetrics metrics;
    private final DatabaseGuard database;
    private final PrechargeOutcomes outcomes;

    public TranscriptionSubmission(TranscriptionStore store, JobDispatcher dispatcher,
            EngineSettings engine, ObjectMapper json, JobMetrics metrics, DatabaseGuard database, PrechargeOutcomes outcomes) {
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.database = database;
        this.store = store;
        this.dispatcher = dispatcher;
        this.engine = engine;
        this.json = json;
    }

    /**
     * @param request      validated, with defaults filled in
     * @param audio        what the probe found (serialised as the job's audio metadata)
     * @param claim        the idempotency claim; empty without an Idempotency-Key
     * @param responseBody renders the 202 body from the job, so a replay answers byte for byte the same
     * @param requestId    the submit's request id, kept on the job so the worker's log lines name it
     */
    Uni<Accepted> submit(TranscriptionRequest request, AudioMetadata audio, Price price,
            Optional<IdempotencyKeys.Proceed> claim, Function<TranscriptionJob, String> responseBody, String requestId) {
        TranscriptionJob job = newJob(request, audio, price);
        job.requestId = requestId;
        String body = responseBody.apply(job);
        return database.write(() -> store.insertPrecharged(job, claim, location(job), body))
                .onFailure(CommitUncertain.class).recoverWithUni(e -> outcomes.committed(job, claim.orElse(null),
                                ((CommitUncertain) e).backendProcessId())
                        .flatMap(committed -> committed ? Uni.createFrom().voidItem() : Uni.createFrom().failure(new ServiceUnavailable(
                                "database", "the connection to our database broke while this submit was being saved; it was"
                                        + " not saved and nothing was charged, please retry shortly"))))
                .replaceWith(() -> new Accepted(job, body))
                .invoke(accepted -> metrics.debited(price.synapses()))
                // committed and charged: whatever happens to the send (or to recording it), the customer gets
                // the 202 and the job stays in the outbox for the sweeper
                .call(accepted -> dispatcher.dispatch(job.id, job.organizationId)
                        .onFailure().invoke(e -> LOG.warnf("job %s committed but not dispatched (%s); the sweeper will send it",
                                job.id, e.toString()))
                        .onFailure().recoverWithItem(false));
    }

    public static String location(TranscriptionJob job) {
        return "/v1/audio/transcriptions/" + job.id;
    }

    private TranscriptionJob newJob(TranscriptionRequest request, AudioMetadata audio, Price price) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        TranscriptionJob job = new TranscriptionJob();
        job.id = Ids.newId(Ids.TRANSCRIPTION);
        job.organizationId = request.organizationId();
        job.status = TranscriptionStatus.queued;
        job.modelKey = engine.modelKey();
        job.language = request.transcriptionOptions().language();
        job.priority = request.priority();
        job.audioUrl = request.transcriptionOptions().audioUrl();
        job.options = request.jobOptions();
        job.audioMetadata = toJson(audio);
        job.synapsesCharged = price.synapses();
        job.synapsesRefunded = 0;
        job.ratePerSecond = price.ratePerSecond();
        job.multiplierBase = price.base();
        job.multiplierOrganization = price.organization();
        job.multiplierPriority = price.priority();
        job.transactionId = Ids.newId(Ids.TRANSACTION);
        job.createdAt = now;
        job.updatedAt = now;
        return job;
    }

    private String toJson(Object value) {
        return Json.write(json, value);
    }
}
