package ai.synapses.transcribe.local;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of PostgreSQL (plain connections, as the service's reactive client makes them
 * locally) that reads the client's side of the wire protocol well enough to spot one statement and break
 * the connection around it: before the statement reaches the database, after it committed (its answer
 * never arrives), or right after it was sent while the database side stays open (the statement runs on,
 * or waits on a lock, not knowing its client is gone). Everything else passes through untouched. It can
 * also report a process id that is not the server's in each new connection's BackendKeyData, as a pooler
 * such as RDS Proxy does.
 *
 * <p>One proxy per JVM, reached through the platform MBean server like the other local servers: Quarkus
 * loads this module in more than one class loader, and the test that arms a cut is not in the one that
 * started the proxy.
 *
 * <pre>{@code
 * int port = ConnectionCuttingProxy.inFrontOf(EmbeddedPostgresServer.start(0, null));
 * ConnectionCuttingProxy.cutNext("insert into transcriptions", ConnectionCuttingProxy.Cut.AFTER_COMMIT);
 * }</pre>
 */
public final class ConnectionCuttingProxy {

    /** Where the connection breaks, relative to the armed statement. */
    public enum Cut {
        /** The statement's messages are dropped and both sides closed: the database never sees it. */
        BEFORE_SENDING,
        /** The statement runs and commits; its answer is dropped and both sides closed. */
        AFTER_COMMIT,
        /** The statement is forwarded and only the client's side closed: the database side stays open. */
        AFTER_SENDING
    }

    /** What the proxy offers to whoever finds it. */
    public interface ControlMBean {
        int getPort();

        void cutNext(String statementFragment, String cut);

        int getCuts();

        void setDisguiseProcessIds(boolean disguise);

        void dropConnections();
    }

    private static final String NAME = "ai.synapses.transcribe.local:type=ConnectionCuttingProxy";
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    /** Above any operating system's process ids, so a disguised id never names a real server process. */
    private static final int DISGUISE_BIT = 0x4000_0000;

    private ConnectionCuttingProxy() {
    }

    /** Starts the JVM's proxy in front of {@code upstreamPort} on 127.0.0.1 (once) and returns its port. */
    public static int inFrontOf(int upstreamPort) {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        synchronized (mbeans) {
            try {
                ObjectName name = new ObjectName(NAME);
                if (!mbeans.isRegistered(name)) {
                    mbeans.registerMBean(new StandardMBean(new Proxy(upstreamPort), ControlMBean.class), name);
                }
                return (Integer) mbeans.getAttribute(name, "Port");
            } catch (JMException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Breaks the connection that next runs a statement containing {@code statementFragment}, once. */
    public static void cutNext(String statementFragment, Cut cut) {
        invoke("cutNext", new Object[] {statementFragment, cut.name()}, new String[] {String.class.getName(), String.class.getName()});
    }

    /** Connections broken so far by an armed cut. */
    public static int cuts() {
        try {
            return (Integer) ManagementFactory.getPlatformMBeanServer().getAttribute(new ObjectName(NAME), "Cuts");
        } catch (JMException e) {
            throw new IllegalStateException("no connection-cutting proxy runs in this JVM", e);
        }
    }

    /** From now on, new connections are told a process id that is not the server's (as behind a pooler). */
    public static void disguiseProcessIds(boolean disguise) {
        try {
            ManagementFactory.getPlatformMBeanServer().setAttribute(new ObjectName(NAME),
                    new javax.management.Attribute("DisguiseProcessIds", disguise));
        } catch (JMException e) {
            throw new IllegalStateException("no connection-cutting proxy runs in this JVM", e);
        }
    }

    /** Closes every open connection, both sides (the client's pool then opens new ones). */
    public static void dropConnections() {
        invoke("dropConnections", new Object[0], new String[0]);
    }

    private static void invoke(String operation, Object[] arguments, String[] signature) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(NAME), operation, arguments, signature);
        } catch (JMException e) {
            throw new IllegalStateException("no connection-cutting proxy runs in this JVM", e);
        }
    }

    private static final class Proxy implements ControlMBean {
        private final int upstreamPort;
        private final ServerSocket listener;
        private final Set<Link> links = ConcurrentHashMap.newKeySet();
        private final AtomicInteger cuts = new AtomicInteger();
        private volatile boolean disguise;
        private String armedFragment;
        private Cut armedCut;

        Proxy(int upstreamPort) {
            this.upstreamPort = upstreamPort;
            try {
                this.listener = new ServerSocket();
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the connection-cutting proxy", e);
            }
            daemon("connection-cutting-proxy", this::accept).start();
        }

        @Override
        public int getPort() {
            return listener.getLocalPort();
        }

        @Override
        public synchronized void cutNext(String statementFragment, String cut) {
            armedFragment = statementFragment;
            armedCut = Cut.valueOf(cut);
        }

        @Override
        public int getCuts() {
            return cuts.get();
        }

        @Override
        public void setDisguiseProcessIds(boolean disguise) {
            this.disguise = disguise;
        }

        @Override
        public void dropConnections() {
            links.forEach(Link::closeBoth);
        }

        /** The cut armed for {@code statement}, taken (so it happens once), or null. */
        synchronized Cut take(String statement) {
            if (armedFragment == null || statement == null || !statement.contains(armedFragment)) {
                return null;
            }
            Cut cut = armedCut;
            armedFragment = null;
            armedCut = null;
            cuts.incrementAndGet();
            return cut;
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket client = listener.accept();
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    client.setTcpNoDelay(true);
                    server.setTcpNoDelay(true);
                    Link link = new Link(this, client, server, disguise);
                    links.add(link);
                    daemon("proxy-client-" + client.getPort(), link::clientToServer).start();
                    daemon("proxy-server-" + client.getPort(), link::serverToClient).start();
                } catch (IOException e) {
                    // a client that went away before it was connected through; keep accepting
                }
            }
        }

        void forget(Link link) {
            links.remove(link);
        }
    }

    /** One client connection and its connection to the server. */
    private static final class Link {
        private final Proxy proxy;
        private final Socket client;
        private final Socket server;
        private final boolean disguise;
        private final AtomicInteger singleByteReplies = new AtomicInteger();
        /** Statement name to text, from the client's Parse messages (read by the client's thread only). */
        private final Map<String, String> statements = new HashMap<>();
        private volatile boolean swallowUntilReady;
        private volatile boolean clientGone;

        Link(Proxy proxy, Socket client, Socket server, boolean disguise) {
            this.proxy = proxy;
            this.client = client;
            this.server = server;
            this.disguise = disguise;
        }

        void clientToServer() {
            boolean keepServer = false;
            try {
                DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
                OutputStream out = server.getOutputStream();
                // the start-up packets have no type byte; SSL and GSS encryption requests get a one-byte answer
                while (true) {
                    int length = in.readInt();
                    byte[] rest = in.readNBytes(length - 4);
                    int code = ByteBuffer.wrap(rest).getInt();
                    if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                        singleByteReplies.incrementAndGet();
                    }
                    out.write(ByteBuffer.allocate(length).putInt(length).put(rest).array());
                    if (code != SSL_REQUEST && code != GSSENC_REQUEST) {
                        break;
                    }
                }
                List<byte[]> held = null;
                Cut heldCut = null;
                while (true) {
                    int type = in.read();
                    if (type < 0) {
                        return;
                    }
                    int length = in.readInt();
                    byte[] body = in.readNBytes(length - 4);
                    byte[] message = ByteBuffer.allocate(length + 1).put((byte) type).putInt(length).put(body).array();
                    if (held == null) {
                        Cut cut = null;
                        if (type == 'P') {
                            String name = cString(body, 0);
                            statements.put(name, cString(body, utf8Length(name) + 1));
                        } else if (type == 'B') {
                            String portal = cString(body, 0);
                            cut = proxy.take(statements.get(cString(body, utf8Length(portal) + 1)));
                        } else if (type == 'Q') {
                            cut = proxy.take(cString(body, 0));
                        }
                        if (cut == null) {
                            out.write(message);
                            continue;
                        }
                        held = new ArrayList<>();
                        heldCut = cut;
                    }
                    held.add(message);
                    // a simple query is its own batch; an extended one ends with Sync
                    if (type == 'S' || type == 'Q') {
                        switch (heldCut) {
                            case BEFORE_SENDING -> {
                                return;
                            }
                            case AFTER_COMMIT -> {
                                swallowUntilReady = true;
                                forward(out, held);
                                held = null;
                            }
                            case AFTER_SENDING -> {
                                forward(out, held);
                                keepServer = true;
                                return;
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                if (keepServer) {
                    clientGone = true;
                    closeQuietly(client);
                } else {
                    closeBoth();
                }
            }
        }

        void serverToClient() {
            try {
                DataInputStream in = new DataInputStream(new BufferedInputStream(server.getInputStream()));
                OutputStream out = client.getOutputStream();
                while (true) {
                    int type = in.read();
                    if (type < 0) {
                        return;
                    }
                    if (singleByteReplies.get() > 0) {
                        singleByteReplies.decrementAndGet();
                        if (type != 'N') {
                            throw new IOException("the connection-cutting proxy handles plain connections only");
                        }
                        out.write(type);
                        continue;
                    }
                    int length = in.readInt();
                    byte[] body = in.readNBytes(length - 4);
                    if (body.length < length - 4) {
                        throw new EOFException();
                    }
                    if (type == 'K' && disguise) {
                        ByteBuffer.wrap(body).putInt(0, ByteBuffer.wrap(body).getInt(0) | DISGUISE_BIT);
                    }
                    if (swallowUntilReady) {
                        if (type == 'Z') {
                            return;
                        }
                        continue;
                    }
                    if (clientGone) {
                        continue;
                    }
                    out.write(ByteBuffer.allocate(length + 1).put((byte) type).putInt(length).put(body).array());
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                closeBoth();
            }
        }

        void closeBoth() {
            closeQuietly(client);
            closeQuietly(server);
            proxy.forget(this);
        }

        private static void forward(OutputStream out, List<byte[]> messages) throws IOException {
            for (byte[] message : messages) {
                out.write(message);
            }
        }

        private static String cString(byte[] bytes, int from) {
            int end = from;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, from, end - from, StandardCharsets.UTF_8);
        }

        private static int utf8Length(String text) {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
