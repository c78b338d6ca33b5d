package ai.synapses.transcribe.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One embedded PostgreSQL 15 per JVM (zonky binaries from Maven Central; no Docker, works as root).
 * In dev mode it keeps its data between runs and listens on a fixed port so that the API and the
 * worker, each in its own {@code quarkus:dev}, share it. In tests it runs on a free port with a
 * throw-away data directory that tests may {@link #stop()} and {@link #restart()}: the same port and
 * the same data, so a test takes the database away for real and the service finds it again where it was.
 */
public final class EmbeddedPostgresServer {

    private static final String NAME = "EmbeddedPostgres";

    private EmbeddedPostgresServer() {
    }

    /** Starts (once per JVM) and returns the port. With {@code fixedPort > 0} an already listening server is reused. */
    public static int start(int fixedPort, File dataDirectory) {
        return JvmWide.port(NAME, () -> {
            if (fixedPort > 0 && Ports.isListening(fixedPort)) {
                return new Running(fixedPort, null, null, false);
            }
            boolean throwAway = dataDirectory == null;
            File dir = throwAway ? temporaryDirectory() : dataDirectory;
            // a known port, so that a restart comes back where the datasource looks for it
            int port = fixedPort > 0 ? fixedPort : freePort();
            return new Running(port, dir, launch(port, dir), throwAway);
        });
    }

    /** Takes the database away (an outage): its connections are closed and new ones refused until {@link #restart()}. */
    public static void stop() {
        JvmWide.invoke(NAME, "stop");
    }

    /** Brings the database back on the same port with the same data. */
    public static void restart() {
        JvmWide.invoke(NAME, "restart");
    }

    private static EmbeddedPostgres launch(int port, File dataDirectory) {
        try {
            dataDirectory.mkdirs();
            return EmbeddedPostgres.builder()
                    // durability is not what local work needs; speed is
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .setPort(port)
                    // initdb runs only when the directory holds no cluster yet, so a restart keeps the data
                    .setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    private static File temporaryDirectory() {
        try {
            return Files.createTempDirectory("transcribe-pg-").toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Running implements JvmWide.LocalServerMBean {
        private final int port;
        private final File dataDirectory;
        private EmbeddedPostgres server;

        Running(int port, File dataDirectory, EmbeddedPostgres server, boolean throwAway) {
            this.port = port;
            this.dataDirectory = dataDirectory;
            this.server = server;
            if (throwAway) {
                Runtime.getRuntime().addShutdownHook(new Thread(this::discard, "embedded-postgres-cleanup"));
            }
        }

        @Override
        public int getPort() {
            return port;
        }

        @Override
        public synchronized void stop() {
            if (dataDirectory == null) {
                throw new UnsupportedOperationException("this JVM reuses a PostgreSQL it did not start");
            }
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
                } finally {
                    server = null;
                }
            }
        }

        @Override
        public synchronized void restart() {
            if (dataDirectory != null && server == null) {
                server = launch(port, dataDirectory);
            }
        }

        private void discard() {
            try {
                stop();
            } catch (RuntimeException ignored) {
                // the JVM is ending; the directory goes anyway
            }
            try (Stream<Path> files = Files.walk(dataDirectory.toPath())) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
