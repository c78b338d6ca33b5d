package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.api.http.RequestMetadata;
import ai.synapses.transcribe.job.SubmitResult;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** What a submit answers over HTTP: the 202's envelope, and the response for a {@link SubmitResult}. */
@ApplicationScoped
public class SubmitResponses {

    private final TranscriptionView view;
    private final RequestMetadata request;
    private final ObjectMapper json;

    public SubmitResponses(TranscriptionView view, RequestMetadata request, ObjectMapper json) {
        this.view = view;
        this.request = request;
        this.json = json;
    }

    /** This request's id, which the job keeps. */
    public String requestId() {
        return request.requestId();
    }

    /** The 202's body for the job, as stored for an idempotent replay too. */
    public String acceptedBody(TranscriptionJob job) {
        Envelope.Success envelope = new Envelope.Success(view.data(job), view.billing(job), request.metadata(), view.actions(job));
        return Json.write(json, envelope);
    }

    public Response render(SubmitResult result) {
        Response.ResponseBuilder response = Response.status(result.status()).entity(result.body())
                .type(MediaType.APPLICATION_JSON_TYPE);
        if (result.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        result.location().ifPresent(location -> response.location(URI.create(location)));
        return response.build();
    }
}
