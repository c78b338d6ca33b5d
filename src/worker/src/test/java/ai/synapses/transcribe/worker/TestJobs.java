package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.audioformat.AudioMetadata;
import ai.synapses.transcribe.probe.AudioProbe;
import ai.synapses.transcribe.billing.PriceCalculator;
import ai.synapses.transcribe.billing.SynapseLedger;
import ai.synapses.transcribe.job.TranscriptionJob;
import ai.synapses.transcribe.job.TranscriptionRequest;
import ai.synapses.transcribe.job.TranscriptionSubmission;
import ai.synapses.transcribe.organization.Organization;
import ai.synapses.transcribe.organization.Organizations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.function.Supplier;

/**
 * What the worker's handler tests start from: a funded organisation, and jobs submitted through the
 * real submit path (probe over HTTPS, pre-charge, queue), as the API would have left them.
 */
@ApplicationScoped
class TestJobs {

    private final Organizations organizations;
    private final SynapseLedger ledger;
    private final AudioProbe probe;
    private final PriceCalculator prices;
    private final TranscriptionSubmission submission;

    TestJobs(Organizations organizations, SynapseLedger ledger, AudioProbe probe, PriceCalculator prices,
            TranscriptionSubmission submission) {
        this.organizations = organizations;
        this.ledger = ledger;
        this.probe = probe;
        this.prices = prices;
        this.submission = submission;
    }

    Organization fundedOrganization(String name, long synapses) throws Throwable {
        return await(() -> Panache.withTransaction(() -> organizations.create(name, BigDecimal.ONE)
                .call(o -> ledger.credit(o.id, synapses, "test"))));
    }

    TranscriptionJob submit(String organizationId, String audioUrl) throws Throwable {
        return submit(organizationId, audioUrl, null);
    }

    TranscriptionJob submit(String organizationId, String audioUrl, TranscriptionRequest.Webhook webhook) throws Throwable {
        AudioMetadata metadata = await(() -> probe.probe(audioUrl));
        TranscriptionRequest request = new TranscriptionRequest(organizationId,
                new TranscriptionRequest.TranscriptionOptions(audioUrl, "en"), null, null, null, webhook, null).withDefaults();
        return await(() -> submission.submit(request, metadata, prices.quote(metadata.durationSeconds(), BigDecimal.ONE, "normal"),
                null, job -> "{}")).job();
    }

    static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
