package ai.synapses.transcribe.limits;

import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.error.ErrorKind;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Submits per organisation and minute (a fixed window), counted in the database so that every API
 * instance, Lambda functions included, shares one count. One statement per submit, in autocommit: the
 * upsert of the minute's counter, joined with the organisation's limit. Every submit of the organisation
 * updates that counter's row, so its lock must not be held across a round trip to the service (a
 * BEGIN ... COMMIT around it would). Past minutes' counters are deleted by {@link RateWindowPurge}.
 */
@ApplicationScoped
public class SubmitRateLimiter {

    private final LimitSettings settings;
    private final Pool pool;

    public SubmitRateLimiter(LimitSettings settings, Pool pool) {
        this.settings = settings;
        this.pool = pool;
    }

    /**
     * What a submit learns from being counted: the organisation's pricing multiplier, read by the same
     * statement (it joins the organisation for its limit anyway), which saves the submit a round trip.
     */
    public record Admitted(BigDecimal pricingMultiplier) {
    }

    /** Counts the submit; fails with {@code rate_limited} (and {@code retry_after_seconds}) beyond the limit. */
    public Uni<Admitted> admit(String organizationId) {
        Instant now = Instant.now();
        long windowStartSecond = now.getEpochSecond() - now.getEpochSecond() % 60;
        OffsetDateTime window = OffsetDateTime.ofInstant(Instant.ofEpochSecond(windowStartSecond), ZoneOffset.UTC);
        return pool.preparedQuery("""
                        with counted as (
                            insert into submit_rate_windows as w (organization_id, window_start, submits) values ($1, $2, 1)
                            on conflict (organization_id, window_start) do update set submits = w.submits + 1
                            returning w.submits)
                        select counted.submits, coalesce(o.submits_per_minute, $3), o.pricing_multiplier
                          from counted join organizations o on o.id = $1""")
                .execute(Tuple.of(organizationId, window, settings.submitsPerMinute()))
                .map(rows -> rows.iterator().next())
                .map(row -> {
                    long submits = row.getLong(0);
                    long limit = row.getLong(1);
                    if (submits > limit) {
                        long retryAfter = Math.max(1, windowStartSecond + 60 - Instant.now().getEpochSecond());
                        throw new DomainException(ErrorKind.RATE_LIMITED, "rate_limited", "at most " + limit
                                + " submits per minute for this organization; retry after " + retryAfter + " s",
                                null, Map.of("limit_per_minute", limit, "retry_after_seconds", retryAfter));
                    }
                    return new Admitted(row.getBigDecimal(2));
                });
    }
}
