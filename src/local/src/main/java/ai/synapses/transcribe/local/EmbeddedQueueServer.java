package ai.synapses.transcribe.local;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * Embedded ElasticMQ, an SQS-protocol queue server, one per JVM. Tests stop and restart it on the
 * same port to take the queue away for real.
 */
public final class EmbeddedQueueServer {

    private static final String NAME = "EmbeddedQueue";

    private EmbeddedQueueServer() {
    }

    /** Starts (once per JVM) and returns the port; with {@code fixedPort > 0} an already listening server is reused. */
    public static int start(int fixedPort) {
        return JvmWide.port(NAME, () -> fixedPort > 0 && Ports.isListening(fixedPort)
                ? new Running(fixedPort, null)
                : new Running(0, launch(fixedPort)));
    }

    /** Takes the queue away (an outage): connections to its port are refused until {@link #restart()}. */
    public static void stop() {
        JvmWide.invoke(NAME, "stop");
    }

    /** Brings the queue back on the same port; its queues and messages are gone (ElasticMQ keeps them in memory). */
    public static void restart() {
        JvmWide.invoke(NAME, "restart");
    }

    /** ElasticMQ's actor system loads classes through the context class loader: make it this module's. */
    private static SQSRestServer launch(int port) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedQueueServer.class.getClassLoader());
        try {
            return SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static final class Running implements JvmWide.LocalServerMBean {
        private final int port;
        private SQSRestServer server;

        Running(int port, SQSRestServer server) {
            this.server = server;
            this.port = server == null ? port : server.waitUntilStarted().localAddress().getPort();
        }

        @Override
        public int getPort() {
            return port;
        }

        @Override
        public synchronized void stop() {
            if (server != null) {
                server.stopAndWait();
                server = null;
            }
        }

        @Override
        public synchronized void restart() {
            if (server == null) {
                server = launch(port);
                server.waitUntilStarted();
            }
        }
    }
}
