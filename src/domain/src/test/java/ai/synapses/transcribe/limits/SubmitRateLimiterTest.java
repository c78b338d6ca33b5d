package ai.synapses.transcribe.limits;

import ai.synapses.transcribe.error.DomainException;
import ai.synapses.transcribe.organization.Organization;
import ai.synapses.transcribe.organization.Organizations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-minute count over the real database, as several API instances share it: each instance below is its own
 * {@link SubmitRateLimiter} (its own leases) on the one counter row.
 */
@QuarkusTest
class SubmitRateLimiterTest {

    @Inject
    LimitSettings settings;

    @Inject
    Organizations organizations;

    @Inject
    Pool pool;

    @BeforeEach
    void notAtTheEndOfAMinute() throws InterruptedException {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 50) {
            Thread.sleep((61 - second) * 1000);
        }
    }

    @Test
    void concurrentSubmitsOnThreeInstancesNeverPassTheLimit() throws Throwable {
        String org = organizationWithLimit(40);
        List<SubmitRateLimiter> instances = List.of(new SubmitRateLimiter(settings, pool),
                new SubmitRateLimiter(settings, pool), new SubmitRateLimiter(settings, pool));
        List<Uni<Boolean>> submits = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            submits.add(instances.get(i % 3).admit(org).replaceWith(true)
                    .onFailure(DomainException.class).recoverWithItem(false));
        }

        List<Boolean> admitted = await(() -> Uni.join().all(submits).andFailFast());

        long passed = admitted.stream().filter(Boolean::booleanValue).count();
        assertTrue(passed <= 40, passed + " passed a limit of 40");
        // each instance may lose what it leased and did not use: at most its largest lease, 3 % of 40 (1)
        assertTrue(passed >= 40 - 3, "only " + passed + " of 40 passed");
    }

    @Test
    void aBusyOrganisationIsCountedInLeasesNotOneStatementPerSubmit() throws Throwable {
        String org = organizationWithLimit(10_000);
        SubmitRateLimiter limiter = new SubmitRateLimiter(settings, pool);
        for (int i = 0; i < 200; i++) {
            await(() -> limiter.admit(org));
        }
        // the counter holds what the leases took: 1 + 2 + 4 + ... (at most 300 at once here), so a few statements
        long counted = counted(org);
        assertTrue(counted > 200 && counted < 200 + 300, "counted " + counted);

        SubmitRateLimiter other = new SubmitRateLimiter(settings, pool);
        await(() -> other.admit(org));
        assertEquals(counted + 1, counted(org), "a second instance starts with a lease of one");
    }

    @Test
    void aLimitTheOperatorRaisesAppliesToTheNextSubmit() throws Throwable {
        String org = organizationWithLimit(2);
        SubmitRateLimiter limiter = new SubmitRateLimiter(settings, pool);
        await(() -> limiter.admit(org));
        await(() -> limiter.admit(org));
        Throwable refused = catchFailure(() -> limiter.admit(org));
        assertEquals("rate_limited", ((DomainException) refused).code());

        await(() -> pool.preparedQuery("update organizations set submits_per_minute = 10 where id = $1").execute(Tuple.of(org)));

        await(() -> limiter.admit(org));
    }

    private String organizationWithLimit(int perMinute) throws Throwable {
        Organization created = await(() -> Panache.withTransaction(() -> organizations.create("Rate test", BigDecimal.ONE)));
        await(() -> pool.preparedQuery("update organizations set submits_per_minute = $2 where id = $1")
                .execute(Tuple.of(created.id, perMinute)));
        return created.id;
    }

    private long counted(String org) throws Throwable {
        return await(() -> pool.preparedQuery("select coalesce(sum(submits), 0) from submit_rate_windows where organization_id = $1")
                .execute(Tuple.of(org))).iterator().next().getLong(0);
    }

    private static Throwable catchFailure(Supplier<Uni<SubmitRateLimiter.Admitted>> work) {
        try {
            await(work);
            return null;
        } catch (Throwable failure) {
            return failure;
        }
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
