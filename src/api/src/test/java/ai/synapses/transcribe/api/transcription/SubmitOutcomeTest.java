package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.JobQueueProbe;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.ConnectionCuttingProxy;
import ai.synapses.transcribe.local.ConnectionCuttingProxy.Cut;
import ai.synapses.transcribe.local.EmbeddedPostgresServer;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "503 means nothing was charged": the service's reactive connections to the real PostgreSQL pass through
 * a TCP proxy ({@link ConnectionCuttingProxy}) that breaks the connection of one submit's pre-charge
 * statement: before the statement reaches the database, after it committed, or while it is still running
 * there. The answer is a 202 for a job that exists and is charged once, or a 503 with nothing charged, and
 * where that cannot be established (a pooler hides the server's processes, no Idempotency-Key) a 500
 * {@code submit_outcome_unknown} that names the job, never a guess. Each test ends with the invariant check.
 */
@QuarkusTest
@TestProfile(SubmitOutcomeTest.ThroughACuttingProxy.class)
class SubmitOutcomeTest {

    /** The only statement that inserts a job: the submit's pre-charge. */
    static final String PRE_CHARGE = "insert into transcriptions";

    /** The reactive pool goes through the proxy; Flyway and the tests' JDBC go straight to the database. */
    public static class ThroughACuttingProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int database = EmbeddedPostgresServer.start(0, null);
            int proxy = ConnectionCuttingProxy.inFrontOf(database);
            return Map.of(
                    "quarkus.datasource.reactive.url", "vertx-reactive:postgresql://127.0.0.1:" + proxy + "/postgres",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + database + "/postgres",
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres",
                    "transcribe.resilience.database.outcome-timeout", "4s");
        }
    }

    static HttpsFileServer audio;
    static final Map<String, Long> FIGURES = Collections.synchronizedMap(new TreeMap<>());

    @Inject
    Database db;

    @Inject
    JobQueueProbe queue;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void serveAudio() throws IOException {
        audio = HttpsFileServer.start().serve("/five.wav", TestAudio.wav(5, 16000), "audio/wav");
    }

    @AfterAll
    static void stopAudio() {
        audio.close();
        System.out.println("SubmitOutcomeTest figures: " + FIGURES);
    }

    @BeforeEach
    void emptyQueue() {
        queue.drain(0);
    }

    boolean hidden;

    @AfterEach
    void serverProcessIdsAsTheyAre() throws InterruptedException {
        if (hidden) {
            reconnect(false, Customers.create(1));
        }
    }

    @Test
    void aStatementThatNeverReachedTheDatabaseIs503AndChargesNothing() {
        Customer customer = Customers.create(100);
        String body = body(customer);
        Response refused = submitCut(customer, body, null, Cut.BEFORE_SENDING);
        assertNothingCharged(customer, refused);

        submit(customer, body, null).then().statusCode(202);
        assertEquals(95, db.balance(customer.organizationId()), "the next submit goes through");
        db.assertInvariantsHold();
    }

    @Test
    void aKeyedStatementThatNeverReachedTheDatabaseIs503AndTheKeyIsFree() {
        Customer customer = Customers.create(100);
        String body = body(customer);
        assertNothingCharged(customer, submitCut(customer, body, "lost-1", Cut.BEFORE_SENDING));

        Response retried = submit(customer, body, "lost-1");
        retried.then().statusCode(202);
        assertNull(retried.header("Idempotent-Replayed"), "the retry did the work: the first one stored nothing");
        assertEquals(95, db.balance(customer.organizationId()));
        assertEquals(1, db.transcriptions(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void aStatementThatCommittedBeforeItsAnswerWasLostIs202AndChargedOnce() {
        Customer customer = Customers.create(100);
        Response accepted = submitCut(customer, body(customer), null, Cut.AFTER_COMMIT);
        assertAcceptedAndChargedOnce(customer, accepted);
        db.assertInvariantsHold();
    }

    @Test
    void aKeyedStatementThatCommittedBeforeItsAnswerWasLostIs202AndReplays() {
        Customer customer = Customers.create(100);
        String body = body(customer);
        String job = assertAcceptedAndChargedOnce(customer, submitCut(customer, body, "committed-1", Cut.AFTER_COMMIT));

        Response replay = submit(customer, body, "committed-1");
        replay.then().statusCode(202).header("Idempotent-Replayed", "true");
        assertEquals(job, replay.path("data.transcription_id"));
        assertEquals(95, db.balance(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void aStatementStillRunningWhenItsConnectionBrokeIsStoppedAnd503() throws Exception {
        Customer customer = Customers.create(100);
        Response refused;
        // another transaction holds the organisation's row: the pre-charge reaches the database and waits there
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            lockOrganization(holder, customer);
            refused = submitCut(customer, body(customer), null, Cut.AFTER_SENDING);
            holder.rollback();
        }
        assertNothingCharged(customer, refused);
        // had the statement been left running, it would have committed once the row was free
        Thread.sleep(1000);
        assertEquals(0, db.transcriptions(customer.organizationId()), "the stopped statement committed nothing");
        assertEquals(100, db.balance(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void behindAPoolerAKeyedSubmitStillGetsACertainAnswer() throws Exception {
        Customer customer = Customers.create(100);
        hideServerProcessIds(customer);
        String body = body(customer);

        assertNothingCharged(customer, submitCut(customer, body, "pooled-1", Cut.BEFORE_SENDING));
        String job = assertAcceptedAndChargedOnce(customer, submitCut(customer, body, "pooled-1", Cut.AFTER_COMMIT));
        submit(customer, body, "pooled-1").then().statusCode(202).header("Idempotent-Replayed", "true");
        assertEquals(job, submit(customer, body, "pooled-1").path("data.transcription_id"));
        assertEquals(95, db.balance(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void behindAPoolerASubmitWithoutAKeyThatCannotBeSettledSaysSo() throws Exception {
        Customer customer = Customers.create(100);
        hideServerProcessIds(customer);
        Response unknown = submitCut(customer, body(customer), null, Cut.BEFORE_SENDING);

        assertEquals(500, unknown.statusCode(), unknown.asString());
        assertEquals("submit_outcome_unknown", unknown.path("error.code"));
        String job = unknown.path("error.details.transcription_id");
        assertNotNull(job, unknown.asString());
        // the statement never reached the database: the job it names does not exist, and nothing was charged
        given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + job).then().statusCode(404);
        assertEquals(100, db.balance(customer.organizationId()));
        assertEquals(0, db.transcriptions(customer.organizationId()));
        db.assertInvariantsHold();
    }

    @Test
    void behindAPoolerAKeyedStatementStuckInTheDatabaseIsUnknownUntilItEndsThenTheKeyReplaysIt() throws Exception {
        Customer customer = Customers.create(100);
        hideServerProcessIds(customer);
        String body = body(customer);
        Response unknown;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            lockOrganization(holder, customer);
            unknown = submitCut(customer, body, "stuck-1", Cut.AFTER_SENDING);
            // its statement waits on the organisation's row, holding the key's: neither outcome can be established
            assertEquals(500, unknown.statusCode(), unknown.asString());
            assertEquals("submit_outcome_unknown", unknown.path("error.code"));
            holder.rollback();
        }
        // the statement then commits: the job the answer named exists, charged once, and the key replays it
        String job = unknown.path("error.details.transcription_id");
        long deadline = System.currentTimeMillis() + 10_000;
        Response replay = submit(customer, body, "stuck-1");
        while (replay.statusCode() == 409 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            replay = submit(customer, body, "stuck-1");
        }
        replay.then().statusCode(202).header("Idempotent-Replayed", "true");
        assertEquals(job, replay.path("data.transcription_id"));
        assertEquals(95, db.balance(customer.organizationId()));
        assertEquals(1, db.transcriptions(customer.organizationId()));
        db.assertInvariantsHold();
    }

    /** From here on the service's connections are told process ids that are not the server's, as behind RDS Proxy or PgBouncer. */
    private void hideServerProcessIds(Customer customer) throws InterruptedException {
        hidden = true;
        reconnect(true, customer);
    }

    private static void reconnect(boolean disguise, Customer customer) throws InterruptedException {
        ConnectionCuttingProxy.disguiseProcessIds(disguise);
        ConnectionCuttingProxy.dropConnections();
        // the pool notices its closed connections and opens new ones; wait until the service reads again
        long deadline = System.currentTimeMillis() + 15_000;
        while (given().header("Authorization", customer.bearer())
                .get("/v1/organizations/" + customer.organizationId() + "/balance").statusCode() != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the service did not reconnect through the proxy");
            }
            Thread.sleep(100);
        }
    }

    private static void lockOrganization(Connection holder, Customer customer) throws Exception {
        try (PreparedStatement lock = holder.prepareStatement("select 1 from organizations where id = ? for no key update")) {
            lock.setString(1, customer.organizationId());
            lock.executeQuery().close();
        }
    }

    private Response submitCut(Customer customer, String body, String key, Cut cut) {
        int cutsBefore = ConnectionCuttingProxy.cuts();
        ConnectionCuttingProxy.cutNext(PRE_CHARGE, cut);
        long start = System.nanoTime();
        Response response = submit(customer, body, key);
        FIGURES.put((hidden ? "pooled_" : "") + (key == null ? "" : "keyed_") + cut.name().toLowerCase(Locale.ROOT)
                + "_" + response.statusCode() + "_ms", (System.nanoTime() - start) / 1_000_000);
        assertEquals(cutsBefore + 1, ConnectionCuttingProxy.cuts(), "the pre-charge's connection was cut");
        return response;
    }

    private void assertNothingCharged(Customer customer, Response refused) {
        assertEquals(503, refused.statusCode(), refused.asString());
        assertEquals("service_unavailable", refused.path("error.code"));
        assertEquals("database", refused.path("error.details.dependency"));
        assertEquals("5", refused.header("Retry-After"));
        assertEquals(100, db.balance(customer.organizationId()), "a 503 charges nothing");
        assertEquals(0, db.transcriptions(customer.organizationId()), "a 503 leaves no job");
        assertEquals(1, db.count("select count(*) from ledger_entries where organization_id = ?", customer.organizationId()),
                "only the credit");
        assertTrue(queue.drain(1).stream().noneMatch(message -> message.contains(customer.organizationId())), "no message");
    }

    private String assertAcceptedAndChargedOnce(Customer customer, Response accepted) {
        assertEquals(202, accepted.statusCode(), accepted.asString());
        String job = accepted.path("data.transcription_id");
        assertTrue(accepted.header("Location").endsWith("/v1/audio/transcriptions/" + job), accepted.header("Location"));
        assertEquals(5, (int) accepted.path("billing.synapses_charged"));
        assertEquals("queued", db.text("select status from transcriptions where id = ?", job));
        assertEquals(95, db.balance(customer.organizationId()), "charged once");
        assertEquals(1, db.count("select count(*) from ledger_entries where transcription_id = ? and kind = 'debit'", job));
        List<String> messages = queue.drain(2).stream().filter(message -> message.contains(job)).toList();
        assertEquals(1, messages.size(), "dispatched once: " + messages);
        return job;
    }

    private static String body(Customer customer) {
        return SubmitTest.body(customer.organizationId(), audio.url("/five.wav"));
    }

    private static Response submit(Customer customer, String body, String key) {
        var request = given().header("Authorization", customer.bearer()).contentType(ContentType.JSON).body(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post("/v1/audio/transcribe");
    }
}
