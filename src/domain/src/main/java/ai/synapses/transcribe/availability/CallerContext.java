package ai.synapses.transcribe.availability;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keeps guarded reactive work on the Vert.x context of the request that started it. A retry delay,
 * a time-out or a breaker may resume on a timer thread, but Hibernate Reactive (and Panache's
 * session storage) only works on the request's own context, so every attempt is started there and
 * every outcome delivered there.
 */
public final class CallerContext {

    private CallerContext() {
    }

    /** {@code guard} applied to {@code work}, with each attempt and the outcome on the subscriber's context. */
    public static <T> Uni<T> around(Supplier<Uni<T>> work, Function<Supplier<Uni<T>>, Uni<T>> guard) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            if (context == null) {
                return guard.apply(work);
            }
            Supplier<Uni<T>> onContext = () -> Uni.createFrom().<T>emitter(emitter -> context.runOnContext(ignored ->
                    work.get().subscribe().with(emitter::complete, emitter::fail)));
            return guard.apply(onContext).emitOn(task -> context.runOnContext(ignored -> task.run()));
        });
    }

    /** The stage's outcome, delivered on the subscriber's context whichever thread completes the stage. */
    public static <T> Uni<T> await(Supplier<CompletionStage<T>> stage) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            Uni<T> outcome = Uni.createFrom().completionStage(stage);
            return context == null ? outcome : outcome.emitOn(task -> context.runOnContext(ignored -> task.run()));
        });
    }
}
