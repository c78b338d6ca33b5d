package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.http.CustomerAuth;
import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.api.http.RequestMetadata;
import ai.synapses.transcribe.error.ApiProblem;
import ai.synapses.transcribe.job.TranscriptionJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/audio/transcriptions/{id}}: the {@code check_status} link. */
@Path("/v1/audio/transcriptions")
public class TranscriptionStatusResource {

    private final CustomerAuth auth;
    private final TranscriptionView view;
    private final RequestMetadata request;

    public TranscriptionStatusResource(CustomerAuth auth, TranscriptionView view, RequestMetadata request) {
        this.auth = auth;
        this.view = view;
        this.request = request;
    }

    @GET
    @Path("/{transcription_id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Envelope.Success> status(@HeaderParam("Authorization") String authorization,
            @PathParam("transcription_id") String transcriptionId) {
        return auth.authenticate(authorization)
                .flatMap(caller -> Panache.withSession(() -> TranscriptionJob.<TranscriptionJob>findById(transcriptionId))
                        // another organisation's job answers exactly like a missing one: its existence is not ours to tell
                        .map(job -> {
                            if (job == null || !job.organizationId.equals(caller.organizationId())) {
                                throw new ApiProblem(404, "transcription_not_found",
                                        "no transcription " + transcriptionId, "transcription_id");
                            }
                            return new Envelope.Success(view.data(job), view.billing(job), request.metadata(), view.actions(job));
                        }));
    }
}
