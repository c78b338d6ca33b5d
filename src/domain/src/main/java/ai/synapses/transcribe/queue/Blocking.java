package ai.synapses.transcribe.queue;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/**
 * Reactive work awaited from a thread that may block: a message handler's (a Lambda invocation, a poller),
 * never the event loop. The work runs on a Vert.x context, as Hibernate Reactive requires.
 */
public final class Blocking {

    private Blocking() {
    }

    /** The work's item; its failure rethrown, a checked one wrapped in an {@link IllegalStateException}. */
    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
