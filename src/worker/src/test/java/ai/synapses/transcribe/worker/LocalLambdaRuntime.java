package ai.synapses.transcribe.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The AWS Lambda Runtime API of one function sandbox, on loopback: what a function's process polls for its
 * next event ({@code GET /2018-06-01/runtime/invocation/next}) and answers to ({@code .../response},
 * {@code .../error}). Point a packaged function at it with {@code AWS_LAMBDA_RUNTIME_API}; {@link #invoke}
 * is what an event source or a schedule does. When the process dies mid-invocation (as Lambda ends one
 * at its time-out), {@link #processGone} fails what it was doing: no answer will come.
 */
final class LocalLambdaRuntime implements AutoCloseable {

    private static final String BASE = "/2018-06-01/runtime/";

    private record Invocation(String requestId, String event, CompletableFuture<String> answer) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "lambda-runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Invocation> waiting = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> running = new ConcurrentHashMap<>();
    private final CountDownLatch polled = new CountDownLatch(1);
    private volatile boolean gone;

    private LocalLambdaRuntime() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(threads);
        server.createContext(BASE, this::handle);
        server.start();
    }

    static LocalLambdaRuntime start() throws IOException {
        return new LocalLambdaRuntime();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** True once the function's process asked for its first event (its start-up is over). */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        return polled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues {@code event} for the function; completes with its answer, or fails with its error or its death. */
    CompletableFuture<String> invoke(String event) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event, new CompletableFuture<>());
        waiting.add(invocation);
        if (gone) {
            processGone();
        }
        return invocation.answer();
    }

    /** The function's process is gone: what it was running, or would have run, gets no answer. */
    void processGone() {
        gone = true;
        IllegalStateException died = new IllegalStateException("the function's process died");
        running.values().forEach(i -> i.answer().completeExceptionally(died));
        running.clear();
        for (Invocation i; (i = waiting.poll()) != null; ) {
            i.answer().completeExceptionally(died);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(BASE.length());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try (exchange) {
            if (exchange.getRequestMethod().equals("GET") && path.equals("invocation/next")) {
                polled.countDown();
                Invocation next;
                try {
                    next = waiting.take();
                } catch (InterruptedException e) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                running.put(next.requestId(), next);
                exchange.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", next.requestId());
                exchange.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 900_000));
                exchange.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:test");
                exchange.getResponseHeaders().set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                send(exchange, 200, next.event());
            } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
                Invocation done = running.remove(path.substring("invocation/".length(), path.length() - "/response".length()));
                if (done != null) {
                    done.answer().complete(body);
                }
                send(exchange, 202, "{}");
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                Invocation failed = running.remove(path.substring("invocation/".length(), path.length() - "/error".length()));
                if (failed != null) {
                    failed.answer().completeExceptionally(new IllegalStateException("the function failed: " + body));
                }
                send(exchange, 202, "{}");
            } else if (path.equals("init/error")) {
                System.err.println("the function could not start: " + body);
                send(exchange, 202, "{}");
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
