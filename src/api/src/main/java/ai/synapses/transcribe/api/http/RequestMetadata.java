package ai.synapses.transcribe.api.http;

import ai.synapses.transcribe.id.Ids;
import jakarta.enterprise.context.RequestScoped;

import java.time.Instant;

/** The request's id and start, for every envelope's {@code metadata}. */
@RequestScoped
public class RequestMetadata {

    private final String requestId = Ids.newId(Ids.REQUEST);
    private final long startNanos = System.nanoTime();

    public String requestId() {
        return requestId;
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public Envelope.Metadata metadata() {
        return new Envelope.Metadata(requestId, Instant.now().toString(), elapsedMillis());
    }
}
