package ai.synapses.transcribe.queue;

import ai.synapses.transcribe.job.TranscriptionStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outbox's relay: sends committed jobs to the queue and records the outcome on their rows. Runs only after a
 * job's transaction committed, so no message ever names a job that does not exist.
 *
 * <p>Jobs are sent in batches without waiting for one to fill: a job dispatched while fewer than
 * {@code transcribe.queue.sends-in-flight} batches are under way leaves at once (alone, if nothing else is waiting);
 * jobs dispatched while they all are wait for the next free slot and leave together, up to ten per
 * {@code SendMessageBatch}, their outcome recorded by one statement. A lone submit pays no delay; under load one
 * queue call and one update carry several jobs. A crash between the commit and the send loses nothing: the job's row
 * stays unsent and the {@link UnsentJobSweeper} sends it.
 */
@ApplicationScoped
public class JobDispatcher {

    private record Pending(JobMessage message, Context context, UniEmitter<? super Boolean> emitter) {
    }

    private final JobQueue queue;
    private final TranscriptionStore store;
    private final Vertx vertx;
    private final int maxInFlight;
    private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    public JobDispatcher(JobQueue queue, TranscriptionStore store, Vertx vertx, QueueSettings settings) {
        this.queue = queue;
        this.store = store;
        this.vertx = vertx;
        this.maxInFlight = Math.max(1, settings.sendsInFlight());
    }

    /** Emits true when the queue acknowledged the job (and its row says so), false when it did not. */
    public Uni<Boolean> dispatch(String transcriptionId, String organizationId) {
        return Uni.createFrom().emitter(emitter -> {
            waiting.add(new Pending(new JobMessage(transcriptionId, organizationId), io.vertx.core.Vertx.currentContext(), emitter));
            drain();
        });
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            int running = inFlight.get();
            if (running >= maxInFlight) {
                return; // the batch under way drains again when it ends
            }
            if (!inFlight.compareAndSet(running, running + 1)) {
                continue;
            }
            List<Pending> batch = new ArrayList<>(JobQueue.MAX_BATCH);
            for (Pending next; batch.size() < JobQueue.MAX_BATCH && (next = waiting.poll()) != null; ) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            send(batch);
        }
    }

    private void send(List<Pending> batch) {
        List<JobMessage> messages = batch.stream().map(Pending::message).toList();
        vertx.executeBlocking(Uni.createFrom().item(() -> queue.sendBatch(messages)), false)
                .flatMap(outcomes -> record(messages, outcomes).replaceWith(outcomes))
                .subscribe().with(outcomes -> {
                    finished();
                    for (int i = 0; i < batch.size(); i++) {
                        boolean sent = outcomes.get(i) == null;
                        complete(batch.get(i), emitter -> emitter.complete(sent));
                    }
                }, failure -> {
                    finished();
                    batch.forEach(pending -> complete(pending, emitter -> emitter.fail(failure)));
                });
    }

    /** One statement for the sent jobs; the rare refused one records its own reason. */
    private Uni<Void> record(List<JobMessage> messages, List<String> outcomes) {
        List<String> sent = new ArrayList<>(messages.size());
        Uni<Void> done = Uni.createFrom().voidItem();
        for (int i = 0; i < messages.size(); i++) {
            String id = messages.get(i).transcriptionId();
            String error = outcomes.get(i);
            if (error == null) {
                sent.add(id);
            } else {
                done = done.call(() -> store.markSendFailed(id, error));
            }
        }
        return sent.isEmpty() ? done : done.call(() -> store.markSent(sent));
    }

    private void finished() {
        inFlight.decrementAndGet();
        drain();
    }

    /** Answers on the dispatching request's own Vert.x context, as a call on it would. */
    private static void complete(Pending pending, java.util.function.Consumer<UniEmitter<? super Boolean>> outcome) {
        if (pending.context() == null) {
            outcome.accept(pending.emitter());
        } else {
            pending.context().runOnContext(ignored -> outcome.accept(pending.emitter()));
        }
    }
}
