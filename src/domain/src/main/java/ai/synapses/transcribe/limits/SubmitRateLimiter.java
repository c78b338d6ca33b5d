package ai.synapses.transcribe.limits;

import ai.synapses.transcribe.error.ApiProblem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Submits per organisation over the last minute (a sliding window), counted from the organisation's own
 * transcriptions, so every API instance, Lambda functions included, sees one count without keeping one.
 * <p>
 * Read only, on purpose: a counter row per organisation and minute (the first design) was a second hot
 * row that every submit of the organisation updated and held locked until its commit; under 32 concurrent
 * submits of one organisation that queue cost more than the rest of the submit. Reading instead means
 * concurrent submits can each see the count one below the limit and all pass: the limit can be overshot by
 * the submits in flight at that moment, which is the usual trade of rate limiters that do not serialise.
 * Refused requests (400, 402, 422) do not count; they create no job and cost us little.
 */
@ApplicationScoped
public class SubmitRateLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final LimitSettings settings;

    public SubmitRateLimiter(LimitSettings settings) {
        this.settings = settings;
    }

    /** Fails with {@code 429 rate_limited} (and {@code retry_after_seconds}) when the last minute is full. */
    public Uni<Void> admit(String organizationId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime since = now.minus(WINDOW);
        // the count stops at the limit: the work per submit is bounded by it, not by the organisation's history
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        select o.limit_per_minute,
                               (select count(*) from (select 1 from transcriptions t
                                                       where t.organization_id = ?1 and t.created_at > ?2
                                                       limit o.limit_per_minute) recent)
                          from (select coalesce(submits_per_minute, ?3) as limit_per_minute
                                  from organizations where id = ?1) o""", Object[].class)
                .setParameter(1, organizationId).setParameter(2, since).setParameter(3, settings.submitsPerMinute())
                .getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem(); // no such organisation: the submit refuses it later
                    }
                    long limit = ((Number) rows.get(0)[0]).longValue();
                    long recent = ((Number) rows.get(0)[1]).longValue();
                    if (recent < limit) {
                        return Uni.createFrom().voidItem();
                    }
                    // full: a place frees when the limit-th newest submit leaves the window
                    return session.createNativeQuery("""
                                    select created_at from transcriptions
                                     where organization_id = ?1 and created_at > ?2
                                     order by created_at desc, id desc offset ?3 limit 1""", OffsetDateTime.class)
                            .setParameter(1, organizationId).setParameter(2, since).setParameter(3, limit - 1)
                            .getResultList()
                            .flatMap(oldest -> Uni.createFrom().<Void>failure(refused(limit, retryAfterSeconds(oldest, now))));
                })));
    }

    private static long retryAfterSeconds(List<OffsetDateTime> limitThNewest, OffsetDateTime now) {
        if (limitThNewest.isEmpty()) {
            return 1;
        }
        long millis = Duration.between(now, limitThNewest.get(0).plus(WINDOW)).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static ApiProblem refused(long limit, long retryAfter) {
        return new ApiProblem(429, "rate_limited", "at most " + limit
                + " submits per minute for this organization; retry after " + retryAfter + " s",
                null, Map.of("limit_per_minute", limit, "retry_after_seconds", retryAfter));
    }
}
