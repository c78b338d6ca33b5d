package ai.synapses.transcribe.api;

import ai.synapses.transcribe.local.HostileHttpsServer;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a hostile host may leave behind in this process: connections we never closed, threads still waiting on it. */
public final class HostileHosts {

    public static final Duration PROBE_DEADLINE = Duration.ofSeconds(2);
    public static final Duration DOWNLOAD_DEADLINE = Duration.ofSeconds(3);
    public static final Duration WEBHOOK_DEADLINE = Duration.ofSeconds(2);

    /**
     * Deadlines of seconds for customer hosts (probe, download, webhook attempt), the connect and read time-outs
     * longer, so only the deadlines can end an exchange; a webhook schedule of {@code 1s,1s} (three attempts).
     */
    public static class ShortDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("transcribe.fetch.total-timeout", PROBE_DEADLINE.toMillis() + "ms"),
                    Map.entry("transcribe.fetch.read-timeout", "20s"),
                    Map.entry("transcribe.fetch.connect-timeout", "20s"),
                    Map.entry("transcribe.decoding.download-timeout", DOWNLOAD_DEADLINE.toMillis() + "ms"),
                    Map.entry("transcribe.worker.poll-enabled", "false"),
                    Map.entry("transcribe.webhook.poll-enabled", "true"),
                    Map.entry("transcribe.webhook.timeout", WEBHOOK_DEADLINE.toMillis() + "ms"),
                    Map.entry("transcribe.webhook.retry-schedule", "1s,1s"),
                    Map.entry("transcribe.webhook.max-queue-delay", "1s"));
        }
    }

    private HostileHosts() {
    }

    /**
     * Fails unless the client closed every connection to {@code host}. The host notices a close at its next
     * read, which it keeps doing, so this waits a moment; a connection we left open would stay open for ever.
     */
    public static void assertConnectionsClosed(HostileHttpsServer host) throws InterruptedException {
        for (long until = System.nanoTime() + 3_000_000_000L; host.openConnections() > 0 && System.nanoTime() < until; ) {
            Thread.sleep(20);
        }
        assertEquals(0, host.openConnections(), "connections to the host that we left open");
    }

    /** Fails when any thread of this process is inside {@code className} (e.g. still blocked in a probe's socket read). */
    public static void assertNoThreadInside(String className) {
        List<String> inside = Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey() != Thread.currentThread())
                .filter(thread -> Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getClassName().equals(className)))
                .map(Map.Entry::getKey).map(Thread::getName).toList();
        assertEquals(List.of(), inside, "threads still inside " + className);
    }
}
