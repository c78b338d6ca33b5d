package ai.synapses.transcribe.queue;

import ai.synapses.transcribe.billing.SynapseLedger;
import ai.synapses.transcribe.job.SubmitTranscription;
import ai.synapses.transcribe.job.TranscriptionRequest;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.organization.Organization;
import ai.synapses.transcribe.organization.Organizations;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox relay over the real queue (ElasticMQ) and database: many jobs at once leave in few batched calls. */
@QuarkusTest
class JobDispatcherTest {

    static final int JOBS = 25;

    @Inject
    JobDispatcher dispatcher;

    @Inject
    SubmitTranscription submissions;

    @Inject
    Organizations organizations;

    @Inject
    SynapseLedger ledger;

    @Inject
    Pool pool;

    @Inject
    SqsClient sqs;

    @Inject
    QueueSettings queue;

    @Inject
    MeterRegistry metrics;

    @Test
    void jobsDispatchedTogetherReachTheQueueOnceEachInBatches() throws Throwable {
        String org = fundedOrganization();
        List<String> ids = new ArrayList<>();
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/one.wav", wav(), "audio/wav")) {
            for (int i = 0; i < JOBS; i++) {
                ids.add(await(() -> submissions.submit(submission(org, audio.url("/one.wav")))).job().orElseThrow().id);
            }
        }
        // as if their submits had crashed after the commit: back in the outbox, nothing in the queue
        await(() -> pool.preparedQuery("update transcriptions set enqueued_at = null where organization_id = $1").execute(Tuple.of(org)));
        drain();
        double callsBefore = calls();

        List<Uni<Boolean>> dispatches = ids.stream().map(id -> dispatcher.dispatch(id, org)).toList();
        List<Boolean> sent = await(() -> Uni.join().all(dispatches).andFailFast());

        assertEquals(JOBS, sent.stream().filter(Boolean::booleanValue).count());
        List<String> queued = drain().stream().map(m -> m.body().replaceAll(".*\"transcription_id\":\"([^\"]+)\".*", "$1")).toList();
        assertEquals(ids.stream().sorted().toList(), queued.stream().sorted().toList(), "each job once");
        double calls = calls() - callsBefore;
        // the first leaves alone at once (the send in flight), the others wait and go ten at a time
        assertTrue(calls <= 10, calls + " queue calls for " + JOBS + " jobs");
        Row row = await(() -> pool.preparedQuery("select count(*) filter (where enqueued_at is not null),"
                + " count(*) filter (where last_send_error is not null) from transcriptions where organization_id = $1")
                .execute(Tuple.of(org))).iterator().next();
        assertEquals(JOBS, row.getLong(0), "every row records its send");
        assertEquals(0, row.getLong(1));
    }

    private List<Message> drain() {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(m -> sqs.deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(m.receiptHandle())));
        }
    }

    private double calls() {
        return metrics.get("transcribe.queue.calls").counter().count();
    }

    private SubmitTranscription.Submission submission(String org, String url) {
        TranscriptionRequest request = new TranscriptionRequest(org,
                new TranscriptionRequest.TranscriptionOptions(url, "en"), null, null, null, null, null).withDefaults();
        return new SubmitTranscription.Submission(org, request, Optional.empty(), "req_test", job -> "{}");
    }

    private String fundedOrganization() throws Throwable {
        Organization created = await(() -> Panache.withTransaction(() -> organizations.create("Dispatch test", BigDecimal.ONE)
                .call(o -> ledger.credit(o.id, 1_000_000, "test"))));
        return created.id;
    }

    /** One second of silence, 16 kHz mono 16-bit PCM. */
    private static byte[] wav() {
        int dataBytes = 16_000 * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        return wav.array();
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
