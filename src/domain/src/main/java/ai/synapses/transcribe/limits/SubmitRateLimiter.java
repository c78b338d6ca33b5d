package ai.synapses.transcribe.limits;

import ai.synapses.transcribe.availability.CallerContext;
import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Submits per organisation and minute (a fixed window), counted in the database so that every API instance, Lambda
 * functions included, shares one count. An instance takes submits from the count in leases: the first submit of a
 * minute takes one, and each time a lease runs out the next takes twice as many, up to {@code rate-lease-share} of
 * the limit. A busy organisation costs one statement per lease rather than one per submit, and its counter row is
 * locked that much less often; a lone submit costs what it did. The count is never exceeded; what an instance leased
 * and did not use is lost when the minute ends. A submit beyond the limit still asks the count (one statement), so a
 * limit the operator raises applies at once on every instance.
 *
 * <p>The lease's statement upserts the minute's counter and joins the organisation's limit and pricing multiplier, in
 * autocommit: its row lock is never held across a round trip. Past minutes' counters are deleted by
 * {@link RateWindowPurge}.
 */
@ApplicationScoped
public class SubmitRateLimiter {

    private final LimitSettings settings;
    private final Pool pool;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    public SubmitRateLimiter(LimitSettings settings, Pool pool) {
        this.settings = settings;
        this.pool = pool;
    }

    /**
     * What a submit learns from being counted: the organisation's pricing multiplier, read by the lease's statement
     * (it joins the organisation for its limit anyway). A multiplier changed since is caught by the pre-charge.
     */
    public record Admitted(BigDecimal pricingMultiplier) {
    }

    /** What one lease's statement found. */
    private record Granted(long window, long granted, long limit, BigDecimal pricingMultiplier) {
    }

    /** One organisation's lease on this instance, in one minute. Guarded by its own monitor. */
    private static final class Lease {
        long window = -1;
        long remaining;
        long nextSize = 1;
        BigDecimal pricingMultiplier;
        CompletableFuture<Void> taking;
    }

    /** Counts the submit; fails with {@code rate_limited} (and {@code retry_after_seconds}) beyond the limit. */
    public Uni<Admitted> admit(String organizationId) {
        return Uni.createFrom().deferred(() -> {
            long window = currentWindow();
            Lease lease = leases.computeIfAbsent(organizationId, id -> new Lease());
            CompletableFuture<Void> taking;
            long size;
            synchronized (lease) {
                if (lease.window != window) {
                    lease.window = window;
                    lease.remaining = 0;
                    lease.nextSize = 1;
                }
                if (lease.remaining > 0) {
                    lease.remaining--;
                    return Uni.createFrom().item(new Admitted(lease.pricingMultiplier));
                }
                if (lease.taking != null) {
                    // another submit is taking the next lease: wait for it, then try again
                    CompletableFuture<Void> pending = lease.taking;
                    return CallerContext.await(() -> pending).flatMap(ignored -> admit(organizationId));
                }
                taking = lease.taking = new CompletableFuture<>();
                size = lease.nextSize;
            }
            return take(organizationId, window, size)
                    .onItemOrFailure().invoke((granted, failure) -> settle(lease, size, granted, taking))
                    .flatMap(granted -> granted.granted() == 0 ? Uni.createFrom().failure(rateLimited(granted.limit(), window))
                            : admit(organizationId));
        });
    }

    /** The organisation's multiplier is now {@code current}: later submits of its lease are quoted with it. */
    public void repriced(String organizationId, BigDecimal current) {
        Lease lease = leases.get(organizationId);
        if (lease != null) {
            synchronized (lease) {
                lease.pricingMultiplier = current;
            }
        }
    }

    private void settle(Lease lease, long size, Granted granted, CompletableFuture<Void> taking) {
        synchronized (lease) {
            lease.taking = null;
            if (granted != null && granted.window() == lease.window) {
                lease.remaining += granted.granted();
                lease.pricingMultiplier = granted.pricingMultiplier();
                long largest = Math.max(1, (long) (granted.limit() * settings.rateLeaseShare()));
                // at the limit, ask for one at a time again: a refused submit then adds one to the count
                lease.nextSize = granted.granted() < size ? 1 : Math.min(largest, size * 2);
            }
        }
        taking.complete(null);
    }

    /**
     * Adds {@code size} to the minute's counter and works out how many of them were still under the limit (the
     * counter counts what was asked for, so it may pass the limit; only what was under it is granted).
     */
    private Uni<Granted> take(String organizationId, long window, long size) {
        OffsetDateTime start = OffsetDateTime.ofInstant(Instant.ofEpochSecond(window), ZoneOffset.UTC);
        return pool.preparedQuery("""
                        with counted as (
                            insert into submit_rate_windows as w (organization_id, window_start, submits) values ($1, $2, $4)
                            on conflict (organization_id, window_start) do update set submits = w.submits + $4
                            returning w.submits)
                        select counted.submits, coalesce(o.submits_per_minute, $3), o.pricing_multiplier
                          from counted join organizations o on o.id = $1""")
                .execute(Tuple.of(organizationId, start, settings.submitsPerMinute(), size))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    long before = row.getLong(0) - size;
                    long limit = row.getLong(1);
                    long granted = Math.max(0, Math.min(size, limit - before));
                    return new Granted(window, granted, limit, row.getBigDecimal(2));
                });
    }

    private static long currentWindow() {
        long now = Instant.now().getEpochSecond();
        return now - now % 60;
    }

    private static DomainException rateLimited(long limit, long window) {
        long retryAfter = Math.max(1, window + 60 - Instant.now().getEpochSecond());
        return new DomainException(ErrorKind.RATE_LIMITED, "rate_limited", "at most " + limit
                + " submits per minute for this organization; retry after " + retryAfter + " s",
                null, Map.of("limit_per_minute", limit, "retry_after_seconds", retryAfter));
    }
}
