package ai.synapses.transcribe.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/** SERVICE: {@code CLIENTS} clients submitting the same 10 s WAV to the packaged API, each on its own keep-alive connection. */
final class ServicePhase {

    /** The API's counter of calls to the queue (sends, batches of sends), summed over its labels. */
    static final String QUEUE_CALLS = "transcribe_queue_calls_total";

    private ServicePhase() {
    }

    static String body(String organizationId, String audioUrl) {
        return "{\"organization_id\": \"" + organizationId + "\", \"transcription_options\": {\"language\": \"en\", \"audio_url\": \""
                + audioUrl + "\"}}";
    }

    static void run(Path stateFile, Path resultFile) throws Exception {
        State state = State.load(stateFile);
        int clients = Bench.env("CLIENTS", 32);
        Clients.purge(state.get("queue.endpoint"), state.get("queue.url"));
        long rowsBefore = count(state, "select count(*) from transcriptions");
        String phaseStart = text(state, "select now()::text"); // earlier runs' floor rows are never enqueued: leave them out

        int orgs = Math.max(1, Math.min((int) state.number("org.count"), Bench.env("ORGS", 1)));
        HttpRequest[] submits = new HttpRequest[orgs];
        for (int i = 0; i < orgs; i++) {
            submits[i] = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + state.get("api.port") + "/v1/audio/transcribe"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + state.get("api.key." + i))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(state.get("org.id." + i), state.get("audio.url"))))
                    .build();
        }
        HttpClient http = Clients.http();
        CpuMeter cpu = Bench.quietMachine(state);
        PgSampler backends = new PgSampler(state);
        WorkMeter work = new WorkMeter(state,
                WorkMeter.prometheusCounter("http://127.0.0.1:" + state.get("api.port") + "/q/metrics", QUEUE_CALLS));
        Load.Result result = Load.run("service", clients,
                Load.Warmup.fromEnvironment(Long.parseLong(state.get("api.pid").trim())), Bench.env("DURATION", 30), cpu,
                () -> {
                    work.begin();
                    backends.begin();
                    profile(state);
                }, client -> () -> {
            HttpResponse<String> response = http.send(submits[client % orgs], HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                String text = response.body();
                throw new IllegalStateException("HTTP " + response.statusCode() + " "
                        + (text.length() > 200 ? text.substring(0, 200) : text));
            }
        });
        work.end(State.load(resultFile), result.apiCores());
        work.close();
        backends.close();
        System.out.println("  service PostgreSQL client backends while measured, on average: " + backends.summary());
        State.load(resultFile).put("pg_backends", backends.summary()).save();
        result.save(State.load(resultFile));

        // the outbox must be empty: every accepted job acknowledged by the queue
        long rows = count(state, "select count(*) from transcriptions") - rowsBefore;
        long unsent = count(state, "select count(*) from transcriptions where enqueued_at is null and created_at >= '" + phaseStart + "'");
        long balance = count(state, "select sum(balance) from organizations");
        long ledger = count(state, "select coalesce(sum(amount), 0) from ledger_entries");
        State.load(resultFile).put("rows", rows).put("unsent", unsent).save();
        System.out.printf("service: %d transcriptions written in this phase, %d never acknowledged by the queue, balances %d %s ledger sum %d%n",
                rows, unsent, balance, balance == ledger ? "=" : "!=", ledger);
    }

    /**
     * PROFILE_JFR=FILE: a JFR recording of the API over the measured window (jcmd JFR.start with PROFILE_JFC, the
     * script's execution-samples-only settings; JFR's "profile" settings halved the throughput).
     */
    private static void profile(State state) {
        String file = System.getenv("PROFILE_JFR");
        if (file == null || file.isBlank()) {
            return;
        }
        int seconds = Math.max(1, Bench.env("DURATION", 30) - 1);
        try {
            new ProcessBuilder("jcmd", state.get("api.pid"), "JFR.start", "name=bench",
                    "settings=" + Optional.ofNullable(System.getenv("PROFILE_JFC")).filter(v -> !v.isBlank()).orElse("default"),
                    "duration=" + seconds + "s", "filename=" + file)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File(file + ".log")))
                    .start();
        } catch (java.io.IOException e) {
            System.out.println("  could not start JFR: " + e.getMessage());
        }
    }

    private static String text(State state, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(state.get("pg.jdbc.url"), "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    static long count(State state, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(state.get("pg.jdbc.url"), "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
