package ai.synapses.transcribe.job;

import ai.synapses.transcribe.idempotency.IdempotencyKeys;

import java.util.Optional;

/**
 * What a submit answers: {@code 202} with the job it created, or, for a retry under the same Idempotency-Key, the
 * answer the first request stored ({@code replayed}), byte for byte.
 *
 * @param location where the job can be looked up (a stored answer may have none)
 * @param body     the JSON body
 * @param job      the job this submit created, as committed; empty for a replay
 */
public record SubmitResult(int status, Optional<String> location, String body, boolean replayed,
        Optional<TranscriptionJob> job) {

    static SubmitResult accepted(TranscriptionSubmission.Accepted accepted) {
        return new SubmitResult(202, Optional.of(TranscriptionSubmission.location(accepted.job())), accepted.responseBody(), false,
                Optional.of(accepted.job()));
    }

    static SubmitResult replayed(IdempotencyKeys.Replay replay) {
        return new SubmitResult(replay.status(), Optional.ofNullable(replay.location()), replay.body(), true, Optional.empty());
    }
}
