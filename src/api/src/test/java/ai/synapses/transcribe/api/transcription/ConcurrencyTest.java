package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** 200 submits at once against a balance that covers exactly K of them. */
@QuarkusTest
class ConcurrencyTest {

    static final int SUBMITS = 200;
    static final int AFFORDABLE = 37;
    static final int COST = 3;

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Test
    void exactlyKAreAcceptedAndTheBalanceNeverGoesNegative() throws Exception {
        queue.drain(0);
        Customer customer = Customers.create((long) AFFORDABLE * COST + COST - 1);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/three.wav", TestAudio.wav(3, 16000), "audio/wav")) {
            String body = SubmitTest.body(customer.organizationId(), audio.url("/three.wav"));
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < SUBMITS; i++) {
                Callable<Integer> call = () -> given().header("Authorization", customer.bearer())
                        .contentType(ContentType.JSON).body(body).post("/v1/audio/transcribe").statusCode();
                results.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            pool.shutdown();
            Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

            assertEquals(Map.of(202, (long) AFFORDABLE, 402, (long) (SUBMITS - AFFORDABLE)), byStatus);
        }
        String org = customer.organizationId();
        assertEquals(COST - 1, db.balance(org));
        assertEquals(db.balance(org), db.ledgerSum(org), "balance equals the sum of the ledger");
        assertEquals(AFFORDABLE, db.transcriptions(org));
        assertEquals(AFFORDABLE, db.count("select count(*) from ledger_entries where organization_id = ? and kind = 'debit'", org));
        assertEquals(0, db.count("select count(*) from ledger_entries where organization_id = ? and balance_after < 0", org));
        // at-least-once: count distinct jobs; every accepted job reached the queue
        Set<String> queued = new HashSet<>();
        for (String message : queue.drain(2)) {
            queued.add(message.replaceAll(".*\"transcription_id\":\"([^\"]+)\".*", "$1"));
        }
        assertEquals(AFFORDABLE, queued.size());
        assertEquals(AFFORDABLE, db.count("select count(*) from transcriptions where organization_id = ? and id = any(?)",
                org, queued.toArray(new String[0])));
    }
}
