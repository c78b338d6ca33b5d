package ai.synapses.transcribe.idempotency;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.util.Optional;

/** Idempotency-Key handling of submits ({@code TRANSCRIBE_IDEMPOTENCY_LOCK}). */
@ConfigMapping(prefix = "transcribe.idempotency")
public interface IdempotencySettings {

    /**
     * How long a claim keeps other requests with the same key out ({@code idempotency_key_in_progress});
     * after it another request may take the key over, and the first one can then no longer charge. Unset:
     * the longest a submit can run after its claim ({@link ai.synapses.transcribe.job.SubmitDeadline}), so
     * a submit that is still running never loses its key.
     */
    Optional<Duration> lock();
}
