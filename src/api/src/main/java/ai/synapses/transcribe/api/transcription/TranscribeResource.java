package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.api.http.RequestMetadata;
import ai.synapses.transcribe.api.http.StrictJson;
import ai.synapses.transcribe.api.metrics.SubmitMetrics;
import ai.synapses.transcribe.api.security.Caller;
import ai.synapses.transcribe.api.security.Roles;
import ai.synapses.transcribe.audio.AudioProbe;
import ai.synapses.transcribe.availability.DatabaseGuard;
import ai.synapses.transcribe.billing.InsufficientSynapsesException;
import ai.synapses.transcribe.billing.PriceCalculator;
import ai.synapses.transcribe.error.ApiProblem;
import ai.synapses.transcribe.idempotency.IdempotencyKeys;
import ai.synapses.transcribe.job.PrechargeOutcomes;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.job.TranscriptionRequest;
import ai.synapses.transcribe.job.TranscriptionRequestValidator;
import ai.synapses.transcribe.job.TranscriptionSubmission;
import ai.synapses.transcribe.limits.SubmitRateLimiter;
import ai.synapses.transcribe.logging.LogContext;
import ai.synapses.transcribe.webhook.WebhookDestinations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Map;

/** {@code POST /v1/audio/transcribe}: validate, rate-limit, probe, price, pre-charge, queue. */
@RolesAllowed(Roles.CUSTOMER)
@Path("/v1/audio/transcribe")
public class TranscribeResource {

    private final Caller caller;
    private final StrictJson strictJson;
    private final TranscriptionRequestValidator validator;
    private final IdempotencyKeys idempotencyKeys;
    private final AudioProbe audioProbe;
    private final PriceCalculator prices;
    private final TranscriptionSubmission submission;
    private final TranscriptionView view;
    private final RequestMetadata request;
    private final ObjectMapper json;
    private final SubmitRateLimiter rateLimiter;
    private final SubmitMetrics metrics;
    private final DatabaseGuard database;
    private final WebhookDestinations webhookDestinations;

    public TranscribeResource(Caller caller, StrictJson strictJson, TranscriptionRequestValidator validator,
            IdempotencyKeys idempotencyKeys, AudioProbe audioProbe, PriceCalculator prices,
            TranscriptionSubmission submission, TranscriptionView view, RequestMetadata request, ObjectMapper json,
            SubmitRateLimiter rateLimiter, SubmitMetrics metrics, DatabaseGuard database,
            WebhookDestinations webhookDestinations) {
        this.webhookDestinations = webhookDestinations;
        this.rateLimiter = rateLimiter;
        this.metrics = metrics;
        this.database = database;
        this.caller = caller;
        this.strictJson = strictJson;
        this.validator = validator;
        this.idempotencyKeys = idempotencyKeys;
        this.audioProbe = audioProbe;
        this.prices = prices;
        this.submission = submission;
        this.view = view;
        this.request = request;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(@HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        // deferred: a refusal below is a failed Uni, counted by the metrics at the end
        return Uni.createFrom().deferred(() -> {
            TranscriptionRequest parsed = strictJson.read(body, TranscriptionRequest.class);
            validator.validate(parsed);
            caller.requireOrganization(parsed.organizationId(), "organization_id");
            TranscriptionRequest normalized = parsed.withDefaults();
            if (idempotencyKey != null) {
                checkIdempotencyKey(idempotencyKey);
            }
            // counted before the audio is fetched: a customer over the limit costs us one statement
            return database.write(() -> rateLimiter.admit(caller.organizationId())).flatMap(admitted -> idempotencyKey == null
                    ? accept(admitted, normalized, null)
                    : database.write(() -> idempotencyKeys.claim(caller.organizationId(), idempotencyKey, strictJson.fingerprint(body)))
                            .flatMap(claim -> claim instanceof IdempotencyKeys.Replay replay
                                    ? Uni.createFrom().item(replayed(replay))
                                    : accept(admitted, normalized, (IdempotencyKeys.Proceed) claim)
                                            // a later request took the key over after this one's lock ran out: it answers
                                            .onFailure(IdempotencyKeys.ClaimLost.class).recoverWithUni(() -> idempotencyKeys
                                                    .replayAfterLoss((IdempotencyKeys.Proceed) claim).map(TranscribeResource::replayed))
                                            // if the database is down the key cannot be released; its lock expires instead.
                                            // A submit whose outcome is unknown keeps its key: a retry with it replays or waits
                                            .onFailure(failure -> !isOutcomeUnknown(failure))
                                            .call(() -> idempotencyKeys.release((IdempotencyKeys.Proceed) claim)
                                                    .onFailure().recoverWithNull())));
        })
                .invoke(response -> metrics.accepted(response.getHeaderString("Idempotent-Replayed") != null))
                .onFailure().invoke(metrics::failed);
    }

    private Uni<Response> accept(SubmitRateLimiter.Admitted admitted, TranscriptionRequest normalized,
            IdempotencyKeys.Proceed claim) {
        // the webhook's address first: it is the cheaper check, and a refused one should not cost a fetch of the audio
        return webhookDestinations.check(normalized.webhook())
                .flatMap(checked -> audioProbe.probe(normalized.transcriptionOptions().audioUrl()))
                .flatMap(audio -> submission.submit(normalized, audio,
                        prices.quote(audio.durationSeconds(), admitted.pricingMultiplier(), normalized.priority()),
                        claim, this::responseBody, request.requestId()))
                .onFailure(InsufficientSynapsesException.class).transform(e -> insufficient((InsufficientSynapsesException) e))
                .invoke(accepted -> LogContext.transcriptionId(accepted.job().id))
                .map(accepted -> Response.accepted(accepted.responseBody())
                        .location(URI.create(TranscriptionSubmission.location(accepted.job())))
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .build());
    }

    private String responseBody(TranscriptionJob job) {
        Envelope.Success envelope = new Envelope.Success(view.data(job), view.billing(job), request.metadata(), view.actions(job));
        try {
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response replayed(IdempotencyKeys.Replay replay) {
        Response.ResponseBuilder response = Response.status(replay.status()).entity(replay.body())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header("Idempotent-Replayed", "true");
        if (replay.location() != null) {
            response.location(URI.create(replay.location()));
        }
        return response.build();
    }

    private static boolean isOutcomeUnknown(Throwable failure) {
        return failure instanceof ApiProblem problem && PrechargeOutcomes.UNKNOWN.equals(problem.code());
    }

    private static void checkIdempotencyKey(String key) {
        if (key.isBlank() || key.length() > IdempotencyKeys.MAX_KEY_LENGTH) {
            throw ApiProblem.badRequest("invalid_idempotency_key",
                    "Idempotency-Key must be 1 to " + IdempotencyKeys.MAX_KEY_LENGTH + " characters", "Idempotency-Key");
        }
    }

    private static ApiProblem insufficient(InsufficientSynapsesException e) {
        return new ApiProblem(402, "insufficient_synapses", e.getMessage(), "organization_id",
                Map.of("required_synapses", e.required(), "available_synapses", e.available()));
    }
}
