package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.metrics.SubmitMetrics;
import ai.synapses.transcribe.api.security.Caller;
import ai.synapses.transcribe.api.security.Roles;
import ai.synapses.transcribe.job.SubmitTranscription;
import ai.synapses.transcribe.job.TranscriptionRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1/audio/transcribe}: read the request, submit it ({@link SubmitTranscription}), answer. */
@RolesAllowed(Roles.CUSTOMER)
@Path("/v1/audio/transcribe")
public class TranscribeResource {

    private final Caller caller;
    private final SubmitRequestReader requests;
    private final SubmitTranscription submissions;
    private final SubmitResponses responses;
    private final SubmitMetrics metrics;

    public TranscribeResource(Caller caller, SubmitRequestReader requests, SubmitTranscription submissions,
            SubmitResponses responses, SubmitMetrics metrics) {
        this.caller = caller;
        this.requests = requests;
        this.submissions = submissions;
        this.responses = responses;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(@HeaderParam("Idempotency-Key") String idempotencyKey, String body) {
        // deferred: a refusal below is a failed Uni, counted by the metrics at the end
        return Uni.createFrom().deferred(() -> {
            TranscriptionRequest parsed = requests.read(body);
            caller.requireOrganization(parsed.organizationId(), "organization_id");
            return submissions.submit(new SubmitTranscription.Submission(caller.organizationId(), parsed.withDefaults(),
                    requests.idempotencyKey(idempotencyKey, body), responses.requestId(), responses::acceptedBody));
        })
                // counted here rather than in the use case: a request refused before it (malformed, another organisation) counts too
                .invoke(result -> metrics.accepted(result.replayed()))
                .onFailure().invoke(metrics::failed)
                .map(responses::render);
    }
}
