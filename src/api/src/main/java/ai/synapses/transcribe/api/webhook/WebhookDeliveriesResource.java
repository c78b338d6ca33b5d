package ai.synapses.transcribe.api.webhook;

import ai.synapses.transcribe.api.http.Envelope;
import ai.synapses.transcribe.api.http.RequestMetadata;
import ai.synapses.transcribe.api.security.Caller;
import ai.synapses.transcribe.api.security.Roles;
import ai.synapses.transcribe.webhook.WebhookDelivery;
import ai.synapses.transcribe.webhook.WebhookMessage;
import ai.synapses.transcribe.webhook.WebhookRedelivery;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/audio/transcriptions/{id}/webhook-deliveries}: the transcription's webhook events and every
 * attempt; {@code POST} the same path: deliver its events again (202). Owner only; 404 for anyone else.
 */
@RolesAllowed(Roles.CUSTOMER)
@Path("/v1/audio/transcriptions/{transcription_id}/webhook-deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookDeliveriesResource {

    private final Caller caller;
    private final WebhookRedelivery webhooks;
    private final RequestMetadata request;

    public WebhookDeliveriesResource(Caller caller, WebhookRedelivery webhooks, RequestMetadata request) {
        this.caller = caller;
        this.webhooks = webhooks;
        this.request = request;
    }

    /** One event to one URL; {@code webhook_id} is the {@code webhook-id} header it is sent with. */
    public record Event(String webhookId, String eventType, String url, String state, int attempts,
            OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt) {
        static Event of(WebhookMessage m) {
            return new Event(m.id, m.eventType, m.url, m.state.name(), m.attempts,
                    m.state == WebhookMessage.State.pending ? m.nextAttemptAt : null, m.deliveredAt);
        }
    }

    /**
     * One attempt: {@code status_code} is absent when no answer came (see {@code error}), {@code latency_ms}
     * while the attempt is in flight and when it was lost with its process.
     */
    public record Attempt(String deliveryId, String webhookId, int attempt, OffsetDateTime attemptedAt, String url,
            Integer statusCode, Long latencyMs, String outcome, String error) {
        static Attempt of(WebhookDelivery d) {
            return new Attempt(d.id, d.messageId, d.attempt, d.attemptedAt, d.url, d.statusCode, d.latencyMs, d.outcome, d.error);
        }
    }

    public record Deliveries(String transcriptionId, List<Event> events, List<Attempt> deliveries) {
    }

    @GET
    public Uni<Envelope.Success> list(@PathParam("transcription_id") String transcriptionId) {
        return webhooks.history(caller.organizationId(), transcriptionId)
                .map(history -> envelope(transcriptionId, history));
    }

    @POST
    public Uni<Response> redeliver(@PathParam("transcription_id") String transcriptionId) {
        return webhooks.redeliver(caller.organizationId(), transcriptionId)
                .map(history -> Response.status(Response.Status.ACCEPTED).entity(envelope(transcriptionId, history)).build());
    }

    private Envelope.Success envelope(String transcriptionId, WebhookRedelivery.History history) {
        Deliveries data = new Deliveries(transcriptionId, history.messages().stream().map(Event::of).toList(),
                history.deliveries().stream().map(Attempt::of).toList());
        String self = "/v1/audio/transcriptions/" + transcriptionId + "/webhook-deliveries";
        return new Envelope.Success(data, null, request.metadata(), Map.of(
                "list_deliveries", new Envelope.Link("GET", self),
                "redeliver", new Envelope.Link("POST", self),
                "check_status", new Envelope.Link("GET", "/v1/audio/transcriptions/" + transcriptionId)));
    }
}
