package ai.synapses.transcribe.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One embedded PostgreSQL 15 per JVM (zonky binaries from Maven Central; no Docker, works as root).
 * In dev mode it keeps its data between runs and listens on a fixed port so that the API and the
 * worker, each in its own {@code quarkus:dev}, share it; in tests it is throw-away on a free port.
 */
public final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    /** Starts (once per JVM) and returns the port. With {@code fixedPort > 0} an already listening server is reused. */
    public static int start(int fixedPort, File dataDirectory) {
        return JvmWide.port("EmbeddedPostgres", () -> {
            int port = fixedPort > 0 && Ports.isListening(fixedPort) ? fixedPort : launch(fixedPort, dataDirectory);
            return new JvmWide.LocalServerMBean() {
                @Override
                public int getPort() {
                    return port;
                }

                @Override
                public void stop() {
                    throw new UnsupportedOperationException("the embedded PostgreSQL runs until the JVM ends");
                }

                @Override
                public void restart() {
                    throw new UnsupportedOperationException("the embedded PostgreSQL runs until the JVM ends");
                }
            };
        });
    }

    private static int launch(int fixedPort, File dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // durability is not what local work needs; speed is
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300");
            if (fixedPort > 0) {
                builder.setPort(fixedPort);
            }
            if (dataDirectory != null) {
                dataDirectory.mkdirs();
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
            }
            return builder.start().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }
}
