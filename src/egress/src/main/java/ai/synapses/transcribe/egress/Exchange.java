package ai.synapses.transcribe.egress;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One request to a customer's host, from the lease of a connection to the last byte of its body, and the
 * means to end it by force when its {@link Deadline} passes (see {@link ExchangeWatchdog}).
 *
 * <p>Cancelling the request closes the connection the client holds for it, whatever the thread using it is
 * blocked in. Until the connection is handed over, the client has nothing to close: so sockets created while
 * this thread opens the exchange ({@link #open()}) are adopted here and closed by {@link #expire()} too, and a
 * socket created after the deadline is closed at birth. That makes the deadline cover the TCP connect and the
 * TLS handshake as well as the answer.
 */
final class Exchange {

    /** Classic HttpClient opens a connection on the calling thread: the socket factory and the resolver find their exchange here. */
    private static final ThreadLocal<Exchange> OPENING = new ThreadLocal<>();

    /** The end of {@link #open()}'s scope. */
    interface Opening extends AutoCloseable {
        @Override
        void close();
    }

    private final HttpUriRequestBase request;
    private final Deadline deadline;
    private final List<Socket> sockets = new ArrayList<>(1);
    private boolean opening;
    private boolean expired;
    private volatile ScheduledFuture<?> timer;

    Exchange(HttpUriRequestBase request, Deadline deadline) {
        this.request = request;
        this.deadline = deadline;
    }

    /** The exchange whose connection this thread is opening, or null. */
    static Exchange opening() {
        return OPENING.get();
    }

    /**
     * This thread opens the exchange's connection until the returned scope closes. Once it is open the client
     * holds the connection, and the sockets are no longer this exchange's to close: a pooled connection
     * outlives its exchange.
     */
    Opening open() {
        synchronized (this) {
            opening = true;
        }
        OPENING.set(this);
        return () -> {
            OPENING.remove();
            synchronized (this) {
                opening = false;
                sockets.clear();
            }
        };
    }

    /** A socket made for this exchange's connection: closed now when the deadline has passed, else when it does. */
    void adopt(Socket socket) {
        boolean closeNow;
        synchronized (this) {
            closeNow = expired;
            if (!expired && opening) {
                sockets.add(socket);
            }
        }
        if (closeNow) {
            abortively(socket);
        }
    }

    /** At the deadline: tears the connection down (a TCP reset), whatever the thread using it waits for. */
    void expire() {
        List<Socket> adopted;
        synchronized (this) {
            if (expired) {
                return;
            }
            expired = true;
            adopted = List.copyOf(sockets);
            sockets.clear();
        }
        adopted.forEach(Exchange::abortively);
        request.cancel();
    }

    /** The caller is done before the end of the body: the connection is dropped rather than drained. */
    void abandon() {
        request.cancel();
    }

    synchronized boolean expired() {
        return expired;
    }

    Deadline deadline() {
        return deadline;
    }

    /** Time left before the deadline. */
    Duration remaining() {
        return deadline.remaining();
    }

    void timer(ScheduledFuture<?> timer) {
        this.timer = timer;
    }

    /** The exchange is over in time: the watchdog forgets it. */
    void end() {
        ScheduledFuture<?> scheduled = timer;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    private static void abortively(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closed anyway
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
