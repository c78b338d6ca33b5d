package ai.synapses.transcribe.egress;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The only place the HTTP client learns addresses from, and the place they are checked: the addresses
 * returned here are the ones it connects to, so a second, different DNS answer (DNS rebinding) cannot
 * slip in between check and connect. If any address of a name is refused, the whole name is refused:
 * otherwise an attacker's name could list one public and one internal address.
 */
final class GuardedDnsResolver implements DnsResolver {

    /** Carries the egress reason through the HTTP client, which only lets {@link UnknownHostException} out of a resolver. */
    static final class Refusal extends UnknownHostException {
        private static final long serialVersionUID = 1L;
        private final transient EgressException reason;

        Refusal(EgressException reason) {
            super(reason.getMessage());
            this.reason = reason;
        }

        EgressException reason() {
            return reason;
        }
    }

    private static final int MAX_CONCURRENT_LOOKUPS = 32;

    private final AddressPolicy policy;
    private final Duration timeout;
    private final ExecutorService lookups;

    GuardedDnsResolver(AddressPolicy policy, Duration timeout) {
        this.policy = policy;
        this.timeout = timeout;
        // The system resolver has no time-out of its own (resolv.conf retries can take tens of seconds),
        // so lookups run on their own threads and the caller waits at most the connect time-out.
        AtomicInteger count = new AtomicInteger();
        this.lookups = new ThreadPoolExecutor(0, MAX_CONCURRENT_LOOKUPS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "egress-dns-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        try {
            InetAddress literal = NumericHost.parse(host);
            InetAddress[] addresses = literal != null ? new InetAddress[] {literal} : lookUp(host);
            for (InetAddress address : addresses) {
                policy.check(host, address);
            }
            return addresses;
        } catch (EgressException e) {
            throw new Refusal(e);
        }
    }

    /** Never used for plain requests (only for SPNEGO); no reverse lookups. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }

    void close() {
        lookups.shutdownNow();
    }

    private InetAddress[] lookUp(String host) throws EgressException {
        CompletableFuture<InetAddress[]> answer = new CompletableFuture<>();
        try {
            lookups.execute(() -> {
                try {
                    answer.complete(InetAddress.getAllByName(host));
                } catch (Throwable e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new EgressException(EgressException.Reason.HOST_UNRESOLVABLE, "too many DNS lookups in progress for " + host);
        }
        // an exchange's deadline bounds its lookup too
        Exchange exchange = Exchange.opening();
        Duration wait = exchange != null && exchange.remaining().compareTo(timeout) < 0 ? exchange.remaining() : timeout;
        try {
            InetAddress[] addresses = answer.get(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (addresses.length == 0) {
                throw unresolvable(host, null);
            }
            return addresses;
        } catch (TimeoutException e) {
            if (exchange != null && exchange.deadline().passed()) {
                throw exchange.deadline().exceeded(host);
            }
            throw new EgressException(EgressException.Reason.HOST_UNRESOLVABLE, "DNS lookup of " + host + " timed out", e);
        } catch (ExecutionException e) {
            throw unresolvable(host, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(EgressException.Reason.HOST_UNRESOLVABLE, "interrupted while resolving " + host, e);
        }
    }

    private static EgressException unresolvable(String host, Throwable cause) {
        return new EgressException(EgressException.Reason.HOST_UNRESOLVABLE, "host " + host + " could not be resolved", cause);
    }
}
