package ai.synapses.transcribe.local;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTPS server that never answers properly, for tests of the hard deadlines on customer hosts.
 * Raw sockets, so it can do what a well-behaved HTTP server library refuses to: interim responses forever,
 * a response head trickled byte by byte, silence after the TCP accept or after the request. Presents the
 * same certificate as {@link HttpsFileServer}. Each connection has its own thread and stays open until the
 * client closes it (or the server is closed): {@link #openConnections()} shows whether a client gave up.
 *
 * <pre>{@code
 * try (HostileHttpsServer host = HostileHttpsServer.start(HostileHttpsServer.Behaviour.INTERIM_FOREVER, Duration.ofMillis(200))) {
 *     String url = host.url("/a.wav");   // https://localhost:PORT/a.wav
 * }
 * }</pre>
 */
public final class HostileHttpsServer implements AutoCloseable {

    /** What every connection gets. */
    public enum Behaviour {
        /** Reads the request, then sends {@code HTTP/1.1 102 Processing} heads, one per interval, and never a final answer. */
        INTERIM_FOREVER,
        /** Reads the request, then sends a never-ending response head (status line, then header lines), one byte per interval. */
        TRICKLED_HEAD,
        /** Completes the TLS handshake and reads the request, then says nothing. */
        SILENT_AFTER_REQUEST,
        /** Accepts the TCP connection and never answers the TLS handshake. */
        SILENT_BEFORE_TLS,
        /** Reads the request, sends a 200 head announcing 1 MB of audio, then the body one byte per interval. */
        TRICKLED_BODY
    }

    private static final int MAX_REQUEST_HEAD = 64 * 1024;
    private static final byte[] INTERIM = "HTTP/1.1 102 Processing\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD_START = "HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BODY_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: 1000000\r\n\r\nRIFF")
            .getBytes(StandardCharsets.US_ASCII);

    private final Behaviour behaviour;
    private final long intervalMillis;
    private final SSLContext tls;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    private HostileHttpsServer(Behaviour behaviour, Duration interval, SSLContext tls) throws IOException {
        this.behaviour = behaviour;
        this.intervalMillis = interval.toMillis();
        this.tls = tls;
        this.listener = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "hostile-https-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::acceptLoop);
    }

    /** Starts on 127.0.0.1 with an ephemeral port; {@code interval} paces the trickling and interim behaviours. */
    public static HostileHttpsServer start(Behaviour behaviour, Duration interval) throws IOException {
        return new HostileHttpsServer(behaviour, interval, LoopbackTls.serverContext());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code https://localhost:PORT/path}: the name the certificate is issued for. */
    public String url(String path) {
        return "https://localhost:" + port() + (path.startsWith("/") ? path : "/" + path);
    }

    /** TCP connections accepted so far. */
    public int connectionsAccepted() {
        return accepted.get();
    }

    /** Request heads read so far (none for {@link Behaviour#SILENT_BEFORE_TLS}). */
    public int requestsRead() {
        return requests.get();
    }

    /** Connections the client has not closed yet, as far as this server can tell. */
    public int openConnections() {
        return open.size();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        open.forEach(HostileHttpsServer::closeQuietly);
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                accepted.incrementAndGet();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket plain) {
        try (plain) {
            if (behaviour == Behaviour.SILENT_BEFORE_TLS) {
                drain(plain.getInputStream()); // the client hello, unanswered, until the client gives up
                return;
            }
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
            socket.setUseClientMode(false);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            if (!readRequestHead(in)) {
                return;
            }
            requests.incrementAndGet();
            if (behaviour != Behaviour.SILENT_AFTER_REQUEST) {
                threads.execute(() -> watchForClose(plain, in)); // a writer between two slow writes would not notice
            }
            switch (behaviour) {
                case INTERIM_FOREVER -> {
                    while (true) {
                        out.write(INTERIM);
                        out.flush();
                        pause();
                    }
                }
                case TRICKLED_HEAD -> {
                    trickle(out, HEAD_START);
                    for (int line = 1; ; line++) {
                        trickle(out, ("X-Trickle-" + line + ": a\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                }
                case TRICKLED_BODY -> {
                    out.write(BODY_HEAD);
                    out.flush();
                    while (true) {
                        pause();
                        out.write(0);
                        out.flush();
                    }
                }
                default -> drain(in);
            }
        } catch (IOException | InterruptedException e) {
            // the client closed the connection, or the server is closing
        } finally {
            open.remove(plain);
        }
    }

    private void trickle(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
            pause();
        }
    }

    private void pause() throws InterruptedException {
        if (intervalMillis > 0) {
            Thread.sleep(intervalMillis);
        }
    }

    /** Reads up to the blank line ending a request head; false when the client closed first. */
    private static boolean readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        for (int read = 0; read < MAX_REQUEST_HEAD; read++) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            matched = (b == '\r' || b == '\n') ? (b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0)) : 0;
            if (matched == 4) {
                return true;
            }
        }
        return true;
    }

    private void watchForClose(Socket plain, InputStream in) {
        try {
            drain(in);
        } catch (IOException ignored) {
            // reset by the client
        } finally {
            open.remove(plain);
        }
    }

    /** Reads and discards until the client closes. */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // nothing to say
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
