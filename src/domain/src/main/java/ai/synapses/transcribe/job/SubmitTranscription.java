package ai.synapses.transcribe.job;

import ai.synapses.transcribe.probe.AudioProbe;
import ai.synapses.transcribe.availability.DatabaseGuard;
import ai.synapses.transcribe.billing.InsufficientSynapsesException;
import ai.synapses.transcribe.billing.PriceCalculator;
import ai.synapses.transcribe.billing.PricingChangedException;
import ai.synapses.transcribe.audioformat.AudioMetadata;
import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.idempotency.IdempotencyKeys;
import ai.synapses.transcribe.limits.SubmitRateLimiter;
import ai.synapses.transcribe.logging.LogContext;
import ai.synapses.transcribe.webhook.WebhookDestinations;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Submitting a transcription, in this order: the Idempotency-Key's form, the rate limit (counted before anything
 * costs us more than one statement), the key's claim (a retry of a stored submit is replayed, one under way waits or
 * conflicts), the webhook's destination (the cheaper check, so a refused one costs no fetch of the audio), the
 * audio probe, the quote, the pre-charge with the job's row, and the dispatch to the queue. A claimed key is released
 * when the submit fails, unless its outcome is unknown (a retry with it then replays or waits) or the database is
 * down (the key's lock expires instead).
 */
@ApplicationScoped
public class SubmitTranscription {

    /** An Idempotency-Key as sent, and the fingerprint of the request it came with (a reuse with another is refused). */
    public record IdempotencyKey(String key, String requestFingerprint) {
    }

    /**
     * One submit.
     *
     * @param organizationId the caller's organisation, the request's (checked by whoever authenticated the caller)
     * @param request        validated, with defaults filled in
     * @param requestId      kept on the job so the worker's log lines name it
     * @param acceptedBody   renders the 202 body from the job before it is saved, so a replay answers the same
     */
    public record Submission(String organizationId, TranscriptionRequest request, Optional<IdempotencyKey> idempotencyKey,
            String requestId, Function<TranscriptionJob, String> acceptedBody) {
    }

    private final DatabaseGuard database;
    private final SubmitRateLimiter rateLimiter;
    private final IdempotencyKeys idempotencyKeys;
    private final WebhookDestinations webhookDestinations;
    private final AudioProbe audioProbe;
    private final PriceCalculator prices;
    private final TranscriptionSubmission precharge;

    public SubmitTranscription(DatabaseGuard database, SubmitRateLimiter rateLimiter, IdempotencyKeys idempotencyKeys,
            WebhookDestinations webhookDestinations, AudioProbe audioProbe, PriceCalculator prices,
            TranscriptionSubmission precharge) {
        this.database = database;
        this.rateLimiter = rateLimiter;
        this.idempotencyKeys = idempotencyKeys;
        this.webhookDestinations = webhookDestinations;
        this.audioProbe = audioProbe;
        this.prices = prices;
        this.precharge = precharge;
    }

    /**
     * Fails with the submit's {@link DomainException} ({@code invalid_idempotency_key}, {@code rate_limited},
     * {@code insufficient_synapses}, the probe's and the webhook check's refusals, {@code service_unavailable} with the
     * database down, {@code submit_outcome_unknown}) having charged nothing, except for the last, whose outcome is unknown.
     */
    public Uni<SubmitResult> submit(Submission submission) {
        return Uni.createFrom().deferred(() -> {
            submission.idempotencyKey().ifPresent(key -> checkIdempotencyKey(key.key()));
            // counted before the audio is fetched: a customer over the limit costs us one statement
            return database.write(() -> rateLimiter.admit(submission.organizationId()))
                    .flatMap(admitted -> submission.idempotencyKey().isEmpty()
                            ? accept(submission, admitted, Optional.empty())
                            : claimed(submission, admitted, submission.idempotencyKey().get()));
        });
    }

    private Uni<SubmitResult> claimed(Submission submission, SubmitRateLimiter.Admitted admitted, IdempotencyKey key) {
        return database.write(() -> idempotencyKeys.claim(submission.organizationId(), key.key(), key.requestFingerprint()))
                .flatMap(claim -> claim instanceof IdempotencyKeys.Replay replay
                        ? Uni.createFrom().item(SubmitResult.replayed(replay))
                        : proceed(submission, admitted, (IdempotencyKeys.Proceed) claim));
    }

    private Uni<SubmitResult> proceed(Submission submission, SubmitRateLimiter.Admitted admitted,
            IdempotencyKeys.Proceed claim) {
        return accept(submission, admitted, Optional.of(claim))
                // a later request took the key over after this one's lock ran out: it answers
                .onFailure(IdempotencyKeys.ClaimLost.class).recoverWithUni(() -> idempotencyKeys
                        .replayAfterLoss(claim).map(SubmitResult::replayed))
                // if the database is down the key cannot be released; its lock expires instead.
                // A submit whose outcome is unknown keeps its key: a retry with it replays or waits
                .onFailure(failure -> !isOutcomeUnknown(failure))
                .call(() -> idempotencyKeys.release(claim).onFailure().recoverWithNull());
    }

    private Uni<SubmitResult> accept(Submission submission, SubmitRateLimiter.Admitted admitted,
            Optional<IdempotencyKeys.Proceed> claim) {
        TranscriptionRequest request = submission.request();
        // the webhook's address first: it is the cheaper check, and a refused one should not cost a fetch of the audio
        return webhookDestinations.check(request.webhook())
                .flatMap(checked -> audioProbe.probe(request.transcriptionOptions().audioUrl()))
                .flatMap(audio -> precharge(submission, audio, admitted.pricingMultiplier(), claim)
                        // an operator changed the organisation's multiplier since this instance read it: quote again
                        .onFailure(PricingChangedException.class).recoverWithUni(e -> {
                            BigDecimal current = ((PricingChangedException) e).current();
                            rateLimiter.repriced(submission.organizationId(), current);
                            return precharge(submission, audio, current, claim);
                        }))
                .onFailure(InsufficientSynapsesException.class).transform(e -> insufficient((InsufficientSynapsesException) e))
                .invoke(accepted -> LogContext.transcriptionId(accepted.job().id))
                .map(SubmitResult::accepted);
    }

    private Uni<TranscriptionSubmission.Accepted> precharge(Submission submission, AudioMetadata audio,
            BigDecimal organizationMultiplier, Optional<IdempotencyKeys.Proceed> claim) {
        TranscriptionRequest request = submission.request();
        return precharge.submit(request, audio, prices.quote(audio.durationSeconds(), organizationMultiplier, request.priority()),
                claim, submission.acceptedBody(), submission.requestId());
    }

    private static boolean isOutcomeUnknown(Throwable failure) {
        return failure instanceof DomainException problem && PrechargeOutcomes.UNKNOWN.equals(problem.code());
    }

    private static void checkIdempotencyKey(String key) {
        if (key.isBlank() || key.length() > IdempotencyKeys.MAX_KEY_LENGTH) {
            throw DomainException.invalid("invalid_idempotency_key",
                    "Idempotency-Key must be 1 to " + IdempotencyKeys.MAX_KEY_LENGTH + " characters", "Idempotency-Key");
        }
    }

    private static DomainException insufficient(InsufficientSynapsesException e) {
        return new DomainException(ErrorKind.INSUFFICIENT_FUNDS, "insufficient_synapses", e.getMessage(), "organization_id",
                Map.of("required_synapses", e.required(), "available_synapses", e.available()));
    }
}
