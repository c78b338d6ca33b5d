package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.audit.InvariantCheck;
import ai.synapses.transcribe.local.EmbeddedPostgresServer;
import ai.synapses.transcribe.local.EmbeddedQueueServer;
import ai.synapses.transcribe.local.HttpsFileServer;
import ai.synapses.transcribe.local.HttpsFileServer.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A webhook function's process killed in the middle of an attempt, for real: the packaged worker runs as
 * Lambda functions in their own JVMs (handler {@code webhooks}, and the scheduled {@code sweep}) against a
 * Lambda Runtime API on loopback, with PostgreSQL, ElasticMQ and an HTTPS receiver on loopback; the process
 * making an attempt is SIGKILLed while the receiver holds the request open, as Lambda ends a function at its
 * time-out. The test plays Lambda's own parts: the queue's event source and the sweeper's schedule.
 * <p>
 * The event to deliver is the one a completed job leaves in the outbox (seeded in SQL, with the job's books:
 * recognising audio is not what this is about). Settings as template.yaml's functions, with the schedule
 * shortened to 3 attempts 1 s apart, the attempt's time-out to 2 s and the margin to record it to 1 s.
 * <p>
 * Run: {@code ./mvnw -B -ntp verify -pl src/worker -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=WebhookWorkerKilledIT} (failsafe runs it after the worker is packaged).
 */
class WebhookWorkerKilledIT {

    private static final Duration START = Duration.ofSeconds(90);

    static HttpsFileServer receiver;
    static SqsClient sqs;
    static String jdbcUrl;
    static String webhookQueue;
    static Map<String, String> environment;
    static final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        int pg = EmbeddedPostgresServer.start(0, null);
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + pg + "/postgres";
        Flyway.configure().dataSource(jdbcUrl, "postgres", "postgres").locations("classpath:db/migration").load().migrate();
        int queuePort = EmbeddedQueueServer.start(0);
        String endpoint = "http://127.0.0.1:" + queuePort;
        sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        sqs.createQueue(b -> b.queueName("transcription-jobs"));
        // a dead invocation's batch comes back after the visibility time-out (on AWS 6x the function's time-out)
        webhookQueue = sqs.createQueue(b -> b.queueName("transcription-webhooks")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "10"))).queueUrl();
        receiver = HttpsFileServer.start();
        environment = Map.ofEntries(
                Map.entry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + pg + "/postgres"),
                Map.entry("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl),
                Map.entry("QUARKUS_DATASOURCE_USERNAME", "postgres"),
                Map.entry("QUARKUS_DATASOURCE_PASSWORD", "postgres"),
                Map.entry("QUARKUS_FLYWAY_MIGRATE_AT_START", "false"),
                Map.entry("QUARKUS_SCHEDULER_ENABLED", "false"),
                Map.entry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"),
                // the metrics' HTTP server: each Lambda sandbox has a network of its own, these processes share one
                Map.entry("QUARKUS_HTTP_PORT", "0"),
                Map.entry("TRANSCRIBE_QUEUE_URL", endpoint + "/000000000000/transcription-jobs"),
                Map.entry("QUARKUS_SQS_ENDPOINT_OVERRIDE", endpoint),
                Map.entry("AWS_REGION", "us-east-1"),
                Map.entry("AWS_ACCESS_KEY_ID", "local"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "local"),
                Map.entry("TRANSCRIBE_WORKER_POLL_ENABLED", "false"),
                Map.entry("TRANSCRIBE_RECOGNITION_WARM_UP", "false"),
                Map.entry("TRANSCRIBE_FETCH_ALLOW_PRIVATE_ADDRESSES", "true"),
                Map.entry("TRANSCRIBE_FETCH_TRUST_STORE", System.getProperty("javax.net.ssl.trustStore")),
                Map.entry("TRANSCRIBE_FETCH_TRUST_STORE_PASSWORD", System.getProperty("javax.net.ssl.trustStorePassword", "changeit")),
                Map.entry("TRANSCRIBE_WEBHOOK_TIMEOUT", "2s"),
                Map.entry("TRANSCRIBE_WEBHOOK_LEASE_MARGIN", "1s"),
                Map.entry("TRANSCRIBE_WEBHOOK_RETRY_SCHEDULE", "1s,1s"),
                Map.entry("TRANSCRIBE_WEBHOOK_MAX_QUEUE_DELAY", "1s"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (sqs != null) {
            sqs.close();
        }
    }

    @Test
    void attemptsWhoseProcessWasKilledCountAndTheEventFailsAfterTheSchedule() throws Exception {
        receiver.route("/hook", Route.status(200).delayed(Duration.ofSeconds(60)));
        String messageId = completedJobWithWebhook(receiver.url("/hook"));
        // the outbox's hand-off to the webhook queue after the job's commit
        sqs.sendMessage(b -> b.queueUrl(webhookQueue).messageBody("{\"message_id\":\"" + messageId + "\",\"attempt\":0}"));

        // the sweeper function and three sandboxes of the webhook function, started side by side
        LocalLambdaRuntime sweeperSandbox = open(LocalLambdaRuntime.start());
        List<LocalLambdaRuntime> sandboxes = List.of(open(LocalLambdaRuntime.start()), open(LocalLambdaRuntime.start()),
                open(LocalLambdaRuntime.start()));
        ExecutorService starting = Executors.newFixedThreadPool(4);
        Future<WorkerFunctionProcess> sweeperStarted = starting.submit(() ->
                WorkerFunctionProcess.start("webhook-killed-it-sweep", "sweep", sweeperSandbox, environment, START));
        List<Future<WorkerFunctionProcess>> webhooksStarted = new ArrayList<>();
        for (int i = 0; i < sandboxes.size(); i++) {
            LocalLambdaRuntime sandbox = sandboxes.get(i);
            String name = "webhook-killed-it-webhooks-" + (i + 1);
            webhooksStarted.add(starting.submit(() -> WorkerFunctionProcess.start(name, "webhooks", sandbox, environment, START)));
        }
        starting.shutdown();
        open(sweeperStarted.get());
        WorkerFunctionProcess first = open(webhooksStarted.get(0).get());
        WorkerFunctionProcess second = open(webhooksStarted.get(1).get());
        open(webhooksStarted.get(2).get());
        SqsEventSource events = open(new SqsEventSource(sqs, webhookQueue));
        events.deliverTo(sandboxes.get(0));

        // attempt 1: the receiver holds the request; the attempt already counts
        awaitRequests(1);
        assertEquals(List.of("1 in_flight"), log(messageId));
        assertEquals("pending 1 1", text("select state || ' ' || attempts || ' ' || schedule_step from webhook_messages where id = ?",
                messageId));
        first.kill();
        assertTrue(!first.isAlive());
        receiver.status("/hook", 503);

        // another sandbox takes the queue from here; nothing happens to the dead attempt until its lease runs out
        events.deliverTo(sandboxes.get(1));
        assertEquals(List.of("1 in_flight"), log(messageId));
        assertEquals(1, receiver.requestCount("/hook"));

        // the scheduled sweeper: the dead attempt is recorded as lost and the event goes on
        int handedOn = sweepUntil(sweeperSandbox, () -> log(messageId).get(0).equals("1 lost"));
        assertTrue(handedOn >= 1, "the sweeper handed the event to the queue again");
        // attempt 2 by the new process: 503, retrying
        awaitTrue(() -> log(messageId).equals(List.of("1 lost", "2 retrying")), "attempt 2 recorded");

        // attempt 3, the last: its process is killed too
        receiver.route("/hook", Route.status(200).delayed(Duration.ofSeconds(60)));
        awaitRequests(3);
        assertEquals(List.of("1 lost", "2 retrying", "3 in_flight"), log(messageId));
        second.kill();
        sweepUntil(sweeperSandbox, () -> "failed".equals(text("select state from webhook_messages where id = ?", messageId)));

        assertEquals(List.of("1 lost", "2 retrying", "3 lost"), log(messageId));
        assertEquals("failed 3", text("select state || ' ' || attempts from webhook_messages where id = ?", messageId));
        assertTrue(text("select error from webhook_deliveries where message_id = ? and attempt = 1", messageId)
                .startsWith("worker_stopped:"));
        assertTrue(text("select error from webhook_deliveries where message_id = ? and attempt = 3", messageId)
                .endsWith("it was the last attempt"));
        assertEquals("503", text("select status_code from webhook_deliveries where message_id = ? and attempt = 2", messageId));
        assertEquals("true", text("select (status_code is null and latency_ms is null)::text from webhook_deliveries"
                + " where message_id = ? and attempt = 1", messageId), "no answer was recorded for the lost attempt");
        long waited = Long.parseLong(text("select (extract(epoch from b.attempted_at - a.attempted_at) * 1000)::bigint"
                + " from webhook_deliveries a join webhook_deliveries b on b.message_id = a.message_id"
                + " where a.message_id = ? and a.attempt = 1 and b.attempt = 2", messageId));
        assertTrue(waited >= 4000, "attempt 2 came " + waited + " ms after attempt 1: the lease (3 s) and the first wait (1 s)");

        // three requests with one webhook-id, and nothing more: not from a sweep, nor from the dead invocations'
        // batches, which the queue delivers again after its visibility time-out (to the third sandbox)
        events.deliverTo(sandboxes.get(2));
        sweep(sweeperSandbox);
        awaitTrue(() -> queued() == 0, "every queue message handled, the dead invocations' batches included");
        Thread.sleep(2000);
        assertEquals(3, receiver.requestCount("/hook"));
        assertEquals(1, receiver.requests("/hook").stream().map(r -> r.header("webhook-id").orElseThrow()).distinct().count());
        assertEquals(List.of("1 lost", "2 retrying", "3 lost"), log(messageId));
        assertTrue(events.unanswered() >= 2, "the invocations of the two killed processes got no answer");
        System.out.printf("WebhookWorkerKilledIT: attempts %s; attempt 2 came %d ms after attempt 1; %d invocations, %d unanswered%n",
                log(messageId), waited, events.invocations(), events.unanswered());

        try (Connection c = connect()) {
            InvariantCheck.Report report = InvariantCheck.run(c);
            report.print(System.out);
            assertTrue(report.holds(), report.violations().toString());
        }
    }

    // --- Lambda's parts

    /** One scheduled invocation of the sweeper function; emits how many webhook events it handed to the queue. */
    private static int sweep(LocalLambdaRuntime sweeper) throws Exception {
        String answer = sweeper.invoke("{\"schedule_arn\":\"arn:aws:scheduler:us-east-1:000000000000:schedule/default/sweep\","
                + "\"scheduled_time\":\"" + java.time.Instant.now() + "\"}").get(60, TimeUnit.SECONDS);
        JsonNode report = new ObjectMapper().readTree(answer);
        return report.path("webhooks_sent").asInt();
    }

    /** Invokes the sweeper every half second (EventBridge does every minute) until {@code done}; emits what it handed on. */
    private static int sweepUntil(LocalLambdaRuntime sweeper, Check done) throws Exception {
        int handedOn = 0;
        long deadline = System.currentTimeMillis() + 30_000;
        while (!done.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the sweeper did not get there; log " + running);
            }
            handedOn += sweep(sweeper);
            Thread.sleep(500);
        }
        return handedOn;
    }

    // --- the event the job left

    /** A completed job with its debit, and its {@code transcription.completed} event, as the job's commit leaves them. */
    private static String completedJobWithWebhook(String hook) throws SQLException {
        try (Connection c = connect()) {
            sql(c, "insert into organizations (id, name, balance) values ('org_killed', 'Killed worker', 8)");
            sql(c, "insert into ledger_entries (id, organization_id, kind, amount, balance_after, reference)"
                    + " values ('txn_killed_credit', 'org_killed', 'credit', 10, 10, 'top-up')");
            sql(c, "insert into transcriptions (id, organization_id, status, model_key, language, priority, audio_url, options,"
                    + " audio_metadata, synapses_charged, synapses_refunded, multiplier_base, multiplier_org, multiplier_priority,"
                    + " transaction_id, created_at, updated_at, completed_at, enqueued_at) values ('trans_killed', 'org_killed',"
                    + " 'completed', 'fvt-1', 'en', 'normal', 'https://example.com/a.wav', '{}', '{}', 2, 0, 1, 1, 1,"
                    + " 'txn_killed_debit', now(), now(), now(), now())");
            sql(c, "insert into ledger_entries (id, organization_id, kind, amount, balance_after, transcription_id)"
                    + " values ('txn_killed_debit', 'org_killed', 'debit', -2, 8, 'trans_killed')");
            sql(c, "insert into webhook_messages (id, transcription_id, organization_id, event_type, url, payload, state,"
                    + " next_attempt_at, enqueued_at) values ('msg_killed', 'trans_killed', 'org_killed', 'transcription.completed', '"
                    + hook + "', '{\"type\":\"transcription.completed\",\"data\":{\"transcription_id\":\"trans_killed\"}}',"
                    + " 'pending', now(), now())");
        }
        return "msg_killed";
    }

    // --- helpers

    private interface Check {
        boolean holds() throws Exception;
    }

    private static <T extends AutoCloseable> T open(T resource) {
        running.add(resource);
        return resource;
    }

    /** Messages on the webhook queue, visible or taken by an invocation and not yet deleted. */
    private static int queued() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(webhookQueue).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    private static void awaitRequests(int count) throws Exception {
        awaitTrue(() -> receiver.requestCount("/hook") >= count, "request " + count + " at the receiver");
    }

    private static void awaitTrue(Check condition, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.holds()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; processes " + running);
            }
            Thread.sleep(100);
        }
    }

    /** The delivery log as the customer's list shows it: attempt and outcome, oldest first. */
    private static List<String> log(String messageId) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(
                "select attempt || ' ' || outcome from webhook_deliveries where message_id = ? order by attempted_at, attempt, id")) {
            st.setString(1, messageId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    private static String text(String sql, String param) throws SQLException {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, param);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void sql(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }
}
