package ai.synapses.transcribe.webhook;

import ai.synapses.transcribe.egress.DestinationCheck;
import ai.synapses.transcribe.egress.EgressException;
import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import ai.synapses.transcribe.job.TranscriptionRequest;
import ai.synapses.transcribe.transcript.Webhook;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A submit's webhook URL under the rules its deliveries will meet: an address the sender would refuse is
 * refused now, before anything is charged, rather than found out at the first attempt. The DNS lookup
 * blocks, so it runs on a worker thread and answers on the caller's context.
 */
@ApplicationScoped
public class WebhookDestinations {

    static final String FIELD = "webhook.url";

    private final DestinationCheck destinations;
    private final Vertx vertx;

    public WebhookDestinations(DestinationCheck destinations, Vertx vertx) {
        this.destinations = destinations;
        this.vertx = vertx;
    }

    /** Fails with the error the customer sees; nothing to do without a webhook. */
    public Uni<Void> check(Webhook webhook) {
        if (webhook == null || webhook.url() == null) {
            return Uni.createFrom().voidItem();
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            checkBlocking(webhook.url());
            return Boolean.TRUE;
        }), false).replaceWithVoid();
    }

    void checkBlocking(String url) {
        try {
            destinations.check(url);
        } catch (EgressException e) {
            throw switch (e.reason()) {
                case ADDRESS_FORBIDDEN -> new DomainException(ErrorKind.UNPROCESSABLE, "webhook_url_forbidden",
                        "webhook.url cannot receive webhooks: " + e.getMessage(), FIELD);
                case HOST_UNRESOLVABLE -> new DomainException(ErrorKind.UNPROCESSABLE, "webhook_url_unresolvable",
                        "webhook.url cannot receive webhooks: " + e.getMessage(), FIELD);
                case URL_NOT_HTTPS -> DomainException.invalid("webhook_url_not_https", "webhook.url must be an https:// URL", FIELD);
                case URL_HAS_CREDENTIALS -> DomainException.invalid("webhook_url_has_credentials",
                        "webhook.url must not carry credentials", FIELD);
                default -> DomainException.invalid("webhook_url_invalid", "webhook.url is not a valid URL: " + e.getMessage(), FIELD);
            };
        }
    }
}
