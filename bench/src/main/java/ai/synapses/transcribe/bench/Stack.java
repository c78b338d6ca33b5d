package ai.synapses.transcribe.bench;

import ai.synapses.transcribe.local.EmbeddedPostgresServer;
import ai.synapses.transcribe.local.EmbeddedQueueServer;
import ai.synapses.transcribe.local.HttpsFileServer;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack both phases share: one PostgreSQL (zonky, fsync off), one ElasticMQ with the job
 * queue, one loopback HTTPS server with a 10 s 16 kHz mono WAV. Runs until the script kills it; the
 * JVM's shutdown hooks stop PostgreSQL (the script also stops the postmaster it recorded).
 */
final class Stack {

    static final String QUEUE_NAME = "transcription-jobs";
    static final String AUDIO_PATH = "/clip.wav";

    private Stack() {
    }

    static void run(Path stateFile) throws Exception {
        long started = System.nanoTime();
        int pgPort = EmbeddedPostgresServer.start(0, null);
        int queuePort = EmbeddedQueueServer.start(0);
        String queueEndpoint = "http://127.0.0.1:" + queuePort;
        String queueUrl;
        try (SqsClient sqs = Clients.sqs(queueEndpoint)) {
            queueUrl = sqs.createQueue(b -> b.queueName(QUEUE_NAME)).queueUrl();
        }
        HttpsFileServer files = HttpsFileServer.start();
        byte[] wav = Wav.tone(10, 16_000);
        files.serve(AUDIO_PATH, wav, "audio/wav");
        Runtime.getRuntime().addShutdownHook(new Thread(files::close, "https-file-server-stop"));

        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
        State.load(stateFile)
                .put("pg.port", pgPort)
                .put("pg.jdbc.url", jdbcUrl)
                .put("pg.reactive.url", "postgresql://127.0.0.1:" + pgPort + "/postgres")
                .put("pg.pid", postmasterPid(jdbcUrl))
                .put("stack.pid", ProcessHandle.current().pid())
                .put("queue.endpoint", queueEndpoint)
                .put("queue.url", queueUrl)
                .put("audio.url", files.url(AUDIO_PATH))
                .put("audio.bytes", wav.length)
                .put("api.port", freePort())
                .put("ready", "true")
                .save();
        System.out.printf("stack up in %.1f s%n  PostgreSQL  %s (postgres/postgres, fsync off)%n  queue       %s%n  audio       %s (%d bytes, 10 s 16 kHz mono)%n",
                (System.nanoTime() - started) / 1e9, jdbcUrl, queueUrl, files.url(AUDIO_PATH), wav.length);
        new CountDownLatch(1).await();
    }

    /** The postmaster's pid, so that the script can stop it even if this JVM dies without its hooks. */
    private static String postmasterPid(String jdbcUrl) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select current_setting('data_directory')")) {
            rows.next();
            Path pidFile = Path.of(rows.getString(1), "postmaster.pid");
            return Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
