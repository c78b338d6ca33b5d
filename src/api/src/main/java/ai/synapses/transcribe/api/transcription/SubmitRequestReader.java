package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.http.StrictJson;
import ai.synapses.transcribe.job.SubmitTranscription;
import ai.synapses.transcribe.job.TranscriptionRequest;
import ai.synapses.transcribe.job.TranscriptionRequestValidator;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** A submit's body and Idempotency-Key header, read strictly and validated, as the use case takes them. */
@ApplicationScoped
public class SubmitRequestReader {

    private final StrictJson strictJson;
    private final TranscriptionRequestValidator validator;

    public SubmitRequestReader(StrictJson strictJson, TranscriptionRequestValidator validator) {
        this.strictJson = strictJson;
        this.validator = validator;
    }

    /** The request as sent (no defaults yet); {@code 400} for anything malformed or invalid. */
    public TranscriptionRequest read(String body) {
        TranscriptionRequest parsed = strictJson.read(body, TranscriptionRequest.class);
        validator.validate(parsed);
        return parsed;
    }

    /** The key with the fingerprint of the body it came with; empty without the header. */
    public Optional<SubmitTranscription.IdempotencyKey> idempotencyKey(String header, String body) {
        return Optional.ofNullable(header).map(key -> new SubmitTranscription.IdempotencyKey(key, strictJson.fingerprint(body)));
    }
}
