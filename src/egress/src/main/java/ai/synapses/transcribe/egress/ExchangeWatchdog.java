package ai.synapses.transcribe.egress;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ends every exchange at its deadline by closing its connection. A socket's read time-out restarts with
 * every byte, and an interrupt does not wake a thread blocked in a socket read, so a host sending interim
 * answers forever, or its headers one byte a second, would otherwise hold the caller for ever. One timer
 * thread per client, started on demand and gone after half a minute without exchanges.
 */
final class ExchangeWatchdog implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor timer;

    ExchangeWatchdog() {
        this.timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "egress-watchdog-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    /** An exchange for {@code request} that is torn down at {@code deadline} unless {@link Exchange#end() ended} before. */
    Exchange watch(HttpUriRequestBase request, Deadline deadline) {
        Exchange exchange = new Exchange(request, deadline);
        exchange.timer(timer.schedule(exchange::expire, deadline.remaining().toNanos(), TimeUnit.NANOSECONDS));
        return exchange;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
