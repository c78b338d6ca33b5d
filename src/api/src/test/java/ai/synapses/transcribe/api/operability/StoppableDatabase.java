package ai.synapses.transcribe.api.operability;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL of the test's own (zonky, like src/local's, but not the JVM-wide one every other test
 * shares), which the test can stop and start again on the same port and data: a real outage of the
 * database, without touching the shared one. Quarkus loads test resources and tests through different
 * class loaders, so the test reaches this server through the platform MBean server (JDK types only).
 */
public class StoppableDatabase implements QuarkusTestResourceLifecycleManager {

    /** The profile of the tests that stop the database: they share one application on this server. */
    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StoppableDatabase.class));
        }
    }

    /** What the test can do with the server. */
    public interface ControlMBean {
        void stop();

        void restart();
    }

    static final String NAME = "ai.synapses.transcribe.test:type=StoppableDatabase";

    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            server = new Server(Files.createTempDirectory("transcribe-readiness-pg").toFile());
            MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (mbeans.isRegistered(name)) {
                mbeans.unregisterMBean(name);
            }
            mbeans.registerMBean(new StandardMBean(server, ControlMBean.class), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
        int port = server.port;
        return Map.of("quarkus.datasource.reactive.url", "vertx-reactive:postgresql://127.0.0.1:" + port + "/postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** From the test: take the database away, or bring it back. */
    public static void invoke(String operation) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(NAME), operation, new Object[0], new String[0]);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class Server implements ControlMBean {
        private final File data;
        private final int port;
        private EmbeddedPostgres postgres;

        Server(File data) {
            this.data = data;
            this.postgres = launch(0);
            this.port = postgres.getPort();
        }

        private EmbeddedPostgres launch(int fixedPort) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                        .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off");
                if (fixedPort > 0) {
                    builder.setPort(fixedPort);
                }
                return builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void stop() {
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                postgres = null;
            }
        }

        @Override
        public synchronized void restart() {
            if (postgres == null) {
                postgres = launch(port);
            }
        }
    }
}
