package ai.synapses.transcribe.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTPS server for tests and benchmarks: serves audio (byte arrays or files, with single-range
 * support; or one file to range requests and another to plain ones), redirects, fixed statuses and slow answers, accepts POSTs (webhooks), and records what it
 * was asked. Uses the JDK's server and the certificate in {@code src/local/tls} (trusted by the tests
 * through {@code javax.net.ssl.trustStore}), so it adds no dependency.
 *
 * <pre>{@code
 * try (HttpsFileServer server = HttpsFileServer.start()) {
 *     server.serve("/a.wav", bytes, "audio/wav")
 *           .route("/old.wav", HttpsFileServer.Route.redirect(302, server.url("/a.wav")))
 *           .route("/slow.wav", HttpsFileServer.Route.bytes(bytes, "audio/wav").delayed(Duration.ofSeconds(3)));
 *     String url = server.url("/a.wav");   // https://localhost:PORT/a.wav
 * }
 * }</pre>
 */
public final class HttpsFileServer implements AutoCloseable {

    /** The system property naming the key store (the parent pom's surefire configuration sets it). */
    public static final String KEYSTORE_PROPERTY = LoopbackTls.KEYSTORE_PROPERTY;
    /** Sized for the benchmark's 32 concurrent clients plus slow routes that hold a thread while they wait. */
    private static final int THREADS = 64;
    private static final int RECORDED_PER_PATH = 1000;
    private static final int MAX_REQUEST_BODY = 16 << 20;
    private static final int WRITE_CHUNK = 64 * 1024;
    private static final Pattern SINGLE_RANGE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    static {
        // The JDK server leaves Nagle's algorithm on, so a small response's body waits for the client's
        // delayed ACK of the headers: ~40 ms per request instead of well under one. The JDK reads this
        // once, when its first HTTP server is created; an explicit -D setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    /** What requests without a Range header get instead of {@link #routes}' answer (see {@link #serveByRange}). */
    private final Map<String, Route> plainRoutes = new ConcurrentHashMap<>();
    private final Map<String, PathLog> logs = new ConcurrentHashMap<>();
    private final AtomicInteger totalRequests = new AtomicInteger();

    private HttpsFileServer(SSLContext tls, int port) throws IOException {
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "https-file-server-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 256);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts with the key store named by {@value #KEYSTORE_PROPERTY}, else {@code src/local/tls/localhost.p12}
     * found upwards from the working directory (benchmarks run from the project).
     */
    public static HttpsFileServer start() throws IOException {
        return start(LoopbackTls.defaultKeyStore(), LoopbackTls.DEFAULT_PASSWORD.toCharArray());
    }

    /** Starts on 127.0.0.1 with an ephemeral port, presenting the key and certificate of a PKCS#12 key store. */
    public static HttpsFileServer start(Path keyStore, char[] password) throws IOException {
        return start(keyStore, password, 0);
    }

    /** Starts on 127.0.0.1:{@code port} (0: an ephemeral one), e.g. dev mode's fixed sample-audio port. */
    public static HttpsFileServer start(Path keyStore, char[] password, int port) throws IOException {
        return new HttpsFileServer(LoopbackTls.serverContext(keyStore, password), port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://localhost:PORT/path}: the name the certificate is issued for. */
    public String url(String path) {
        return "https://localhost:" + port() + normalise(path);
    }

    /** {@code https://127.0.0.1:PORT/path}: the same server by address (the certificate covers it too). */
    public String ipUrl(String path) {
        return "https://127.0.0.1:" + port() + normalise(path);
    }

    /** Sets (or replaces) what {@code path} answers. Unknown paths answer 404. */
    public HttpsFileServer route(String path, Route route) {
        plainRoutes.remove(normalise(path));
        routes.put(normalise(path), route);
        return this;
    }

    /**
     * A host that shows range requests one file and plain requests another: {@code ranged} answers requests
     * with a {@code Range} header (what a probe reads), {@code plain} the others (what a download gets).
     */
    public HttpsFileServer serveByRange(String path, Route ranged, Route plain) {
        route(path, ranged);
        plainRoutes.put(normalise(path), plain);
        return this;
    }

    public HttpsFileServer serve(String path, byte[] body, String contentType) {
        return route(path, Route.bytes(body, contentType));
    }

    public HttpsFileServer serve(String path, Path file) {
        return route(path, Route.file(file));
    }

    public HttpsFileServer redirect(String path, int status, String location) {
        return route(path, Route.redirect(status, location));
    }

    public HttpsFileServer status(String path, int status) {
        return route(path, Route.status(status));
    }

    /** Requests that reached {@code path} (any method), unknown paths included. */
    public int requestCount(String path) {
        PathLog log = logs.get(normalise(path));
        return log == null ? 0 : log.count.get();
    }

    /** Requests that reached the server at all. */
    public int requestCount() {
        return totalRequests.get();
    }

    /** Body bytes written for {@code path} (what reached the socket, not what the client chose to read). */
    public long bytesSent(String path) {
        PathLog log = logs.get(normalise(path));
        return log == null ? 0 : log.bytesSent.get();
    }

    /** Responses to {@code path} still being written or waited on (slow routes, aborted downloads). */
    public int inFlight(String path) {
        PathLog log = logs.get(normalise(path));
        return log == null ? 0 : log.inFlight.get();
    }

    public Optional<RecordedRequest> lastRequest(String path) {
        PathLog log = logs.get(normalise(path));
        return log == null ? Optional.empty() : Optional.ofNullable(log.recent.peekLast());
    }

    /** The most recent requests to {@code path}, oldest first (the last {@value #RECORDED_PER_PATH}). */
    public List<RecordedRequest> requests(String path) {
        PathLog log = logs.get(normalise(path));
        return log == null ? List.of() : List.copyOf(log.recent);
    }

    /** Forgets counters and recorded requests (routes stay). */
    public void reset() {
        logs.clear();
        totalRequests.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // interrupts slow routes still sleeping
    }

    private void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        PathLog log = logs.computeIfAbsent(path, p -> new PathLog());
        log.inFlight.incrementAndGet();
        try {
            byte[] body = exchange.getRequestBody().readNBytes(MAX_REQUEST_BODY);
            log.record(new RecordedRequest(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    headers(exchange), body));
            totalRequests.incrementAndGet();
            Route route = routes.get(path);
            Route plain = plainRoutes.get(path);
            if (plain != null && exchange.getRequestHeaders().getFirst("Range") == null) {
                route = plain;
            }
            if (route == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!route.delay.isZero()) {
                Thread.sleep(route.delay.toMillis());
            }
            route.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            if (route.location != null) {
                exchange.getResponseHeaders().set("Location", route.location);
                exchange.sendResponseHeaders(route.status, -1);
            } else if (route.body == null && route.file == null) {
                exchange.sendResponseHeaders(route.status, -1);
            } else {
                sendBody(exchange, route, log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (time-out, or it read what it needed and dropped the connection).
        } finally {
            log.inFlight.decrementAndGet();
            exchange.close();
        }
    }

    private static void sendBody(HttpExchange exchange, Route route, PathLog log) throws IOException {
        long length = route.length();
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.getResponseHeaders().set("Content-Type", route.contentType);
        if (route.ranges) {
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        }
        long first = 0;
        long last = length - 1;
        int status = route.status;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (route.ranges && status == 200 && range != null && "GET".equals(exchange.getRequestMethod())) {
            long[] wanted = parseRange(range, length);
            if (wanted != null && wanted.length == 0) {
                exchange.getResponseHeaders().set("Content-Range", "bytes */" + length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            if (wanted != null) {
                first = wanted[0];
                last = wanted[1];
                status = 206;
                exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + length);
            }
        }
        long count = last - first + 1;
        if (head || count <= 0) {
            // The JDK server writes Content-Length itself; for HEAD it must come from us.
            exchange.getResponseHeaders().set("Content-Length", Long.toString(Math.max(count, 0)));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, count);
        // Throttled routes write a tenth of their rate every 100 ms.
        int chunk = route.bytesPerSecond > 0 ? Math.max(1, route.bytesPerSecond / 10) : WRITE_CHUNK;
        try (OutputStream out = exchange.getResponseBody()) {
            if (route.body != null) {
                for (long at = first; at <= last; at += chunk) {
                    int n = (int) Math.min(chunk, last + 1 - at);
                    write(out, route.body, (int) at, n, route, log);
                }
            } else {
                try (FileChannel channel = FileChannel.open(route.file, StandardOpenOption.READ)) {
                    ByteBuffer buffer = ByteBuffer.allocate(chunk);
                    long at = first;
                    while (at <= last) {
                        buffer.clear().limit((int) Math.min(chunk, last + 1 - at));
                        int n = channel.read(buffer, at);
                        if (n < 0) {
                            break;
                        }
                        write(out, buffer.array(), 0, n, route, log);
                        at += n;
                    }
                }
            }
        }
    }

    private static void write(OutputStream out, byte[] bytes, int offset, int length, Route route, PathLog log) throws IOException {
        out.write(bytes, offset, length);
        log.bytesSent.addAndGet(length);
        if (route.bytesPerSecond > 0) {
            out.flush();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("server closing", e);
            }
        }
    }

    /** {first, last} of a single satisfiable range, {} when unsatisfiable, null when absent, multiple or malformed (then: whole body). */
    static long[] parseRange(String header, long length) {
        if (header.indexOf(',') >= 0) {
            return null;
        }
        Matcher m = SINGLE_RANGE.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty()) || m.group(1).length() > 18 || m.group(2).length() > 18) {
            return null;
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2)); // "bytes=-N": the last N bytes
            if (suffix == 0 || length == 0) {
                return new long[0];
            }
            return new long[] {Math.max(0, length - suffix), length - 1};
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
        if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
            return null;
        }
        if (first >= length) {
            return new long[0];
        }
        return new long[] {first, last};
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> copy.put(name, List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }

    private static String normalise(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private static final class PathLog {
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicLong bytesSent = new AtomicLong();
        final Deque<RecordedRequest> recent = new ConcurrentLinkedDeque<>();

        void record(RecordedRequest request) {
            recent.addLast(request);
            if (count.incrementAndGet() > RECORDED_PER_PATH) {
                recent.pollFirst();
            }
        }
    }

    /** A request as the server saw it; header names are case-insensitive. */
    public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

        public Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** What one path answers. Immutable: the {@code with...}-style methods return changed copies. */
    public static final class Route {
        private static final Map<String, String> TYPES = Map.ofEntries(
                Map.entry("wav", "audio/wav"), Map.entry("mp3", "audio/mpeg"), Map.entry("mp2", "audio/mpeg"),
                Map.entry("flac", "audio/flac"), Map.entry("ogg", "audio/ogg"), Map.entry("opus", "audio/ogg"),
                Map.entry("m4a", "audio/mp4"), Map.entry("mp4", "video/mp4"), Map.entry("aac", "audio/aac"),
                Map.entry("webm", "audio/webm"), Map.entry("wma", "audio/x-ms-wma"), Map.entry("aiff", "audio/aiff"),
                Map.entry("json", "application/json"), Map.entry("txt", "text/plain"), Map.entry("html", "text/html"),
                Map.entry("jpg", "image/jpeg"), Map.entry("png", "image/png"), Map.entry("pdf", "application/pdf"));

        private final int status;
        private final byte[] body;
        private final Path file;
        private final String contentType;
        private final boolean ranges;
        private final Duration delay;
        private final String location;
        private final Map<String, String> headers;
        private final int bytesPerSecond;

        private Route(int status, byte[] body, Path file, String contentType, boolean ranges, Duration delay,
                      String location, Map<String, String> headers, int bytesPerSecond) {
            this.status = status;
            this.body = body;
            this.file = file;
            this.contentType = contentType;
            this.ranges = ranges;
            this.delay = delay;
            this.location = location;
            this.headers = headers;
            this.bytesPerSecond = bytesPerSecond;
        }

        /** 200 with {@code body}, honouring single {@code Range} requests. */
        public static Route bytes(byte[] body, String contentType) {
            return new Route(200, body, null, contentType, true, Duration.ZERO, null, Map.of(), 0);
        }

        /** 200 with the file's bytes (read at each request), Content-Type from its extension. */
        public static Route file(Path file) {
            String name = file.getFileName().toString();
            String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            return file(file, TYPES.getOrDefault(extension, "application/octet-stream"));
        }

        public static Route file(Path file, String contentType) {
            return new Route(200, null, file, contentType, true, Duration.ZERO, null, Map.of(), 0);
        }

        /** A redirect (301, 302, 303, 307, 308) to {@code location}. */
        public static Route redirect(int status, String location) {
            return new Route(status, null, null, null, false, Duration.ZERO, location, Map.of(), 0);
        }

        /** {@code status} with an empty body: 404, 410, 500, or 200/204 for a webhook receiver. */
        public static Route status(int status) {
            return new Route(status, null, null, null, false, Duration.ZERO, null, Map.of(), 0);
        }

        /** {@code status} with a text body. */
        public static Route status(int status, String text) {
            return new Route(status, text.getBytes(java.nio.charset.StandardCharsets.UTF_8), null, "text/plain; charset=utf-8",
                    false, Duration.ZERO, null, Map.of(), 0);
        }

        /** Answers every request with the whole body and 200, like servers without range support. */
        public Route ignoringRanges() {
            return new Route(status, body, file, contentType, false, delay, location, headers, bytesPerSecond);
        }

        /** Waits {@code delay} before answering (time-out tests). */
        public Route delayed(Duration delay) {
            return new Route(status, body, file, contentType, ranges, delay, location, headers, bytesPerSecond);
        }

        /** Sends the body at about {@code bytesPerSecond} (slow-drip tests). */
        public Route throttled(int bytesPerSecond) {
            return new Route(status, body, file, contentType, ranges, delay, location, headers, bytesPerSecond);
        }

        /** An extra response header. */
        public Route withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Route(status, body, file, contentType, ranges, delay, location, Map.copyOf(more), bytesPerSecond);
        }

        long length() throws IOException {
            return body != null ? body.length : Files.size(file);
        }
    }
}
