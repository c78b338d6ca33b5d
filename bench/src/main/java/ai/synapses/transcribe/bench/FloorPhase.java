package ai.synapses.transcribe.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import software.amazon.awssdk.services.sqs.SqsClient;

import javax.net.ssl.HttpsURLConnection;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * FLOOR: what a submit must do outside the service, done by plain clients with the same concurrency and
 * no service in between. Per operation, in the service's order:
 * <ol>
 *   <li>the audio probe's one ranged GET ({@code Range: bytes=0-65535}) over HTTPS, keep-alive, body read in full;</li>
 *   <li>the pre-charge: the conditional debit {@code UPDATE organizations ... WHERE id = ? AND balance >= ?
 *       RETURNING balance}, the transcription row (every column the service writes) and the ledger row, by
 *       default ({@code FLOOR_TX=single}) as ONE statement in autocommit, the way the service pre-charges;
 *       {@code FLOOR_TX=statements} is a diagnostic: the three statements in one transaction the client drives,
 *       which holds the organisation's row lock across two client round trips;</li>
 *   <li>one SQS {@code SendMessage} to the same queue.</li>
 * </ol>
 * Not included, though the service does them too: the API-key and organisation look-ups, the rate-limit
 * counter, and the {@code enqueued_at} update after the send (the floor is the work a submit cannot avoid).
 */
final class FloorPhase {

    private static final String INSERT_TRANSCRIPTION = "insert into transcriptions (id, organization_id, status, model_key, language,"
            + " priority, audio_url, options, audio_metadata, synapses_charged, synapses_refunded, multiplier_base, multiplier_org,"
            + " multiplier_priority, transaction_id, enqueued_at, send_attempts, last_send_error, attempts, error_code, error_message,"
            + " result, created_at, updated_at, started_at, completed_at)"
            + " values (?, ?, 'queued', 'fvt-1', 'en', 'normal', ?, ?::jsonb, ?, ?, 0, ?, ?, ?, ?, null, 0, null, 0, null, null, null, ?, ?, null, null)";
    private static final String DEBIT = "update organizations set balance = balance - ? where id = ? and balance >= ? returning balance";
    private static final String INSERT_LEDGER = "insert into ledger_entries (id, organization_id, kind, amount, balance_after,"
            + " transcription_id, reference, created_at) values (?, ?, 'debit', ?, ?, ?, null, ?)";
    /**
     * FLOOR_TX=single (the default): the three rows in ONE statement run in autocommit, so the organisation's row
     * lock is held only inside the server for the statement's duration, never across a client round trip.
     */
    private static final String SINGLE_STATEMENT = "with debit as ("
            + " update organizations set balance = balance - ? where id = ? and balance >= ? returning balance),"
            + " job as (insert into transcriptions (id, organization_id, status, model_key, language, priority, audio_url, options,"
            + " audio_metadata, synapses_charged, synapses_refunded, multiplier_base, multiplier_org, multiplier_priority, transaction_id,"
            + " enqueued_at, send_attempts, last_send_error, attempts, error_code, error_message, result, created_at, updated_at,"
            + " started_at, completed_at)"
            + " select ?, ?, 'queued', 'fvt-1', 'en', 'normal', ?, ?::jsonb, ?, ?, 0, ?, ?, ?, ?, null, 0, null, 0, null, null, null, ?, ?,"
            + " null, null from debit returning id)"
            + " insert into ledger_entries (id, organization_id, kind, amount, balance_after, transcription_id, reference, created_at)"
            + " select ?, ?, 'debit', ?, debit.balance, job.id, null, ? from debit, job";
    /** What the service stores for a request with defaults (about the same size). */
    private static final String OPTIONS = "{\"speaker_analysis\":{\"enabled\":false,\"speakers_expected_count\":null},"
            + "\"intelligence_features\":{\"sentiment_analysis\":false,\"entity_detection\":false,\"auto_highlights\":false,"
            + "\"summarization\":false},\"privacy_settings\":{\"redact_pii\":false,\"pii_policies\":[]}}";
    private static final String AUDIO_METADATA = "{\"duration_seconds\":10.0,\"duration_estimated\":false,\"format\":\"wav\","
            + "\"codec\":\"pcm_s16le\",\"sample_rate_hz\":16000,\"channels\":1,\"bits_per_sample\":16,\"size_bytes\":320044}";
    private static final long COST = 10;
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private FloorPhase() {
    }

    static void run(Path stateFile, Path resultFile) throws Exception {
        State state = State.load(stateFile);
        int clients = Bench.env("CLIENTS", 32);
        int orgs = Math.max(1, Math.min((int) state.number("org.count"), Bench.env("ORGS", 1)));
        String audioUrl = state.get("audio.url");
        String queueUrl = state.get("queue.url");
        Clients.purge(state.get("queue.endpoint"), queueUrl);
        // FLOOR_PARTS=get,tx,send (default all): leave steps out to see what each costs
        Set<String> parts = new LinkedHashSet<>(Arrays.asList(
                Optional.ofNullable(System.getenv("FLOOR_PARTS")).filter(v -> !v.isBlank()).orElse("get,tx,send").split("\\s*,\\s*")));
        if (!Set.of("get", "tx", "send").containsAll(parts)) {
            throw new IllegalArgumentException("FLOOR_PARTS takes get, tx and send, got " + parts);
        }
        // FLOOR_TX=single (default: the one statement in autocommit, as the service pre-charges, see SINGLE_STATEMENT) or
        // statements (a diagnostic: the three statements in one client-driven transaction, see transaction())
        String txMode = Optional.ofNullable(System.getenv("FLOOR_TX")).filter(v -> !v.isBlank()).orElse("single");
        if (!txMode.equals("statements") && !txMode.equals("single")) {
            throw new IllegalArgumentException("FLOOR_TX is statements or single, got " + txMode);
        }
        boolean single = txMode.equals("single");
        // FLOOR_DB_POOL: JDBC connections (default: one per client)
        int poolSize = Math.max(1, Bench.env("FLOOR_DB_POOL", clients));

        LongAdder getNanos = new LongAdder();
        LongAdder txNanos = new LongAdder();
        LongAdder sendNanos = new LongAdder();
        LongAdder ops = new LongAdder();
        LongAdder sends = new LongAdder(); // SendMessage calls, counted as the service counts its queue calls

        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(state.get("pg.jdbc.url"));
        pool.setUsername("postgres");
        pool.setPassword("postgres");
        pool.setMaximumPoolSize(poolSize);
        pool.setMinimumIdle(poolSize);
        pool.setAutoCommit(false);
        pool.setConnectionTimeout(10_000);
        pool.addDataSourceProperty("socketTimeout", "10");
        HttpClient https = Clients.http();
        // FLOOR_HTTP=jdk (default: java.net.http.HttpClient, one pooled keep-alive connection per client) or
        // urlconnection (blocking HttpsURLConnection, keep-alive cache of -Dhttp.maxConnections)
        String httpMode = Optional.ofNullable(System.getenv("FLOOR_HTTP")).filter(v -> !v.isBlank()).orElse("jdk");
        if (!httpMode.equals("urlconnection") && !httpMode.equals("jdk")) {
            throw new IllegalArgumentException("FLOOR_HTTP is urlconnection or jdk, got " + httpMode);
        }
        boolean urlConnection = httpMode.equals("urlconnection");
        URI audioUri = URI.create(audioUrl);
        HttpRequest range = HttpRequest.newBuilder(audioUri)
                .timeout(Duration.ofSeconds(10))
                .header("Range", "bytes=0-65535")
                .GET()
                .build();
        System.out.println("floor: FLOOR_PARTS=" + String.join(",", parts) + " FLOOR_TX=" + txMode + " FLOOR_DB_POOL=" + poolSize
                + " FLOOR_HTTP=" + httpMode);
        try (HikariDataSource database = new HikariDataSource(pool); SqsClient sqs = Clients.sqs(state.get("queue.endpoint"))) {
            CpuMeter cpu = Bench.quietMachine(state);
            PgSampler backends = new PgSampler(state);
            WorkMeter work = new WorkMeter(state, sends::sum);
            Load.Result result = Load.run("floor", clients,
                    Load.Warmup.fromEnvironment(ProcessHandle.current().pid()), Bench.env("DURATION", 30), cpu, () -> {
                        work.begin();
                        backends.begin();
                    }, client -> {
                String org = state.get("org.id." + (client % orgs));
                return () -> {
                    long t0 = System.nanoTime();
                    // 1. the probe's ranged GET
                    if (parts.contains("get")) {
                        int status;
                        byte[] body;
                        if (urlConnection) {
                            HttpsURLConnection get = (HttpsURLConnection) audioUri.toURL().openConnection();
                            get.setConnectTimeout(5000);
                            get.setReadTimeout(10_000);
                            get.setRequestProperty("Range", "bytes=0-65535");
                            status = get.getResponseCode();
                            try (InputStream in = get.getInputStream()) {
                                body = in.readAllBytes(); // read to the end and close: the connection goes back to the keep-alive cache
                            }
                        } else {
                            HttpResponse<byte[]> audio = https.send(range, HttpResponse.BodyHandlers.ofByteArray());
                            status = audio.statusCode();
                            body = audio.body();
                        }
                        if (status != 206 || body.length != 65_536 || body[8] != 'W') {
                            throw new IllegalStateException("range GET answered " + status + " with " + body.length + " bytes");
                        }
                    }
                    long t1 = System.nanoTime();
                    // 2. the transaction
                    String transcription = id("trans");
                    String transaction = id("txn");
                    if (parts.contains("tx")) {
                        if (single) {
                            singleStatement(database, org, audioUrl, transcription, transaction);
                        } else {
                            transaction(database, org, audioUrl, transcription, transaction);
                        }
                    }
                    long t2 = System.nanoTime();
                    // 3. the queue send
                    if (parts.contains("send")) {
                        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                                .messageBody("{\"transcription_id\":\"" + transcription + "\",\"organization_id\":\"" + org + "\"}"));
                        sends.increment();
                    }
                    long t3 = System.nanoTime();
                    getNanos.add(t1 - t0);
                    txNanos.add(t2 - t1);
                    sendNanos.add(t3 - t2);
                    ops.increment();
                };
            });
            work.end(State.load(resultFile), result.clientCores());
            work.close();
            long n = Math.max(1, ops.sum());
            State.load(resultFile).put("parts", String.join(",", parts)).put("tx_mode", txMode).put("db_pool", poolSize).put("http_client", httpMode)
                    .put("mean_get_ms", Math.round(getNanos.sum() / (double) n / 10_000) / 100.0)
                    .put("mean_tx_ms", Math.round(txNanos.sum() / (double) n / 10_000) / 100.0)
                    .put("mean_send_ms", Math.round(sendNanos.sum() / (double) n / 10_000) / 100.0)
                    .save();
            backends.close();
            System.out.println("  floor PostgreSQL client backends while measured, on average: " + backends.summary());
            State.load(resultFile).put("pg_backends", backends.summary()).save();
            result.save(State.load(resultFile));
            System.out.printf("floor: mean per step over the whole run (warm-up included): range GET %.2f ms, transaction %.2f ms, queue send %.2f ms%n",
                    getNanos.sum() / (double) n / 1e6, txNanos.sum() / (double) n / 1e6, sendNanos.sum() / (double) n / 1e6);
        }
    }

    private static void transaction(HikariDataSource database, String org, String audioUrl, String transcription, String transaction)
            throws SQLException {
        try (Connection connection = database.getConnection()) {
            try {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                try (PreparedStatement insert = connection.prepareStatement(INSERT_TRANSCRIPTION)) {
                    insert.setString(1, transcription);
                    insert.setString(2, org);
                    insert.setString(3, audioUrl);
                    insert.setString(4, OPTIONS);
                    insert.setString(5, AUDIO_METADATA);
                    insert.setLong(6, COST);
                    insert.setBigDecimal(7, BigDecimal.ONE);
                    insert.setBigDecimal(8, BigDecimal.ONE);
                    insert.setBigDecimal(9, BigDecimal.ONE);
                    insert.setString(10, transaction);
                    insert.setObject(11, now);
                    insert.setObject(12, now);
                    insert.executeUpdate();
                }
                long balanceAfter;
                try (PreparedStatement debit = connection.prepareStatement(DEBIT)) {
                    debit.setLong(1, COST);
                    debit.setString(2, org);
                    debit.setLong(3, COST);
                    try (ResultSet rows = debit.executeQuery()) {
                        if (!rows.next()) {
                            throw new IllegalStateException("insufficient balance");
                        }
                        balanceAfter = rows.getLong(1);
                    }
                }
                try (PreparedStatement ledger = connection.prepareStatement(INSERT_LEDGER)) {
                    ledger.setString(1, transaction);
                    ledger.setString(2, org);
                    ledger.setLong(3, -COST);
                    ledger.setLong(4, balanceAfter);
                    ledger.setString(5, transcription);
                    ledger.setObject(6, now);
                    ledger.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void singleStatement(HikariDataSource database, String org, String audioUrl, String transcription,
            String transaction) throws SQLException {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement statement = connection.prepareStatement(SINGLE_STATEMENT)) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                int i = 0;
                statement.setLong(++i, COST);
                statement.setString(++i, org);
                statement.setLong(++i, COST);
                statement.setString(++i, transcription);
                statement.setString(++i, org);
                statement.setString(++i, audioUrl);
                statement.setString(++i, OPTIONS);
                statement.setString(++i, AUDIO_METADATA);
                statement.setLong(++i, COST);
                statement.setBigDecimal(++i, BigDecimal.ONE);
                statement.setBigDecimal(++i, BigDecimal.ONE);
                statement.setBigDecimal(++i, BigDecimal.ONE);
                statement.setString(++i, transaction);
                statement.setObject(++i, now);
                statement.setObject(++i, now);
                statement.setString(++i, transaction);
                statement.setString(++i, org);
                statement.setLong(++i, -COST);
                statement.setObject(++i, now);
                if (statement.executeUpdate() != 1) {
                    throw new IllegalStateException("insufficient balance");
                }
            } finally {
                connection.setAutoCommit(false);
            }
        }
    }

    private static String id(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] chars = new char[20];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return prefix + "_" + new String(chars);
    }
}
