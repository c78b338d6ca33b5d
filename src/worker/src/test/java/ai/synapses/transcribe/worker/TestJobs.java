package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.billing.SynapseLedger;
import ai.synapses.transcribe.job.SubmitTranscription;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.job.TranscriptionRequest;
import ai.synapses.transcribe.organization.Organization;
import ai.synapses.transcribe.organization.Organizations;
import ai.synapses.transcribe.transcript.Webhook;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the worker's handler tests start from: a funded organisation, and jobs submitted through the
 * real submit use case (rate limit, probe over HTTPS, quote, pre-charge, queue), as the API would have left them.
 */
@ApplicationScoped
class TestJobs {

    private final Organizations organizations;
    private final SynapseLedger ledger;
    private final SubmitTranscription submissions;

    TestJobs(Organizations organizations, SynapseLedger ledger, SubmitTranscription submissions) {
        this.organizations = organizations;
        this.ledger = ledger;
        this.submissions = submissions;
    }

    Organization fundedOrganization(String name, long synapses) throws Throwable {
        return await(() -> Panache.withTransaction(() -> organizations.create(name, BigDecimal.ONE)
                .call(o -> ledger.credit(o.id, synapses, "test"))));
    }

    TranscriptionJob submit(String organizationId, String audioUrl) throws Throwable {
        return submit(organizationId, audioUrl, null);
    }

    TranscriptionJob submit(String organizationId, String audioUrl, Webhook webhook) throws Throwable {
        TranscriptionRequest request = new TranscriptionRequest(organizationId,
                new TranscriptionRequest.TranscriptionOptions(audioUrl, "en"), null, null, null, webhook, null).withDefaults();
        return await(() -> submissions.submit(new SubmitTranscription.Submission(organizationId, request, Optional.empty(),
                null, job -> "{}"))).job().orElseThrow();
    }

    static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
