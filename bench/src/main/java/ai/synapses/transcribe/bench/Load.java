package ai.synapses.transcribe.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed loop: {@code clients} threads each run one operation after the other, with no think time.
 * First a warm-up, discarded: at least {@code WARMUP} seconds and then until the JIT compilers of the
 * JVM that does the work (the API in the service phase, this JVM in the floor phase) have gone quiet,
 * at most {@code WARMUP_MAX} seconds; C2 needs minutes for a Quarkus app on two shared cores. Then the
 * measured window of {@code DURATION} seconds: only operations that complete inside it count, for
 * throughput as for latency.
 */
final class Load {

    /** One client's work; throws on any failure (a wrong status, a time-out, an SQL error). */
    interface Operation {
        void run() throws Exception;
    }

    interface OperationFactory {
        Operation create(int client) throws Exception;
    }

    /** How long to warm up: {@code minSeconds}, then until the JIT threads of {@code jitPid} are quiet, at most {@code maxSeconds}. */
    record Warmup(int minSeconds, int maxSeconds, long jitPid) {

        static Warmup fromEnvironment(long jitPid) {
            int min = Bench.env("WARMUP", 20);
            return new Warmup(min, Math.max(min, Bench.env("WARMUP_MAX", 300)), jitPid);
        }
    }

    /** What a run measured. Latencies in milliseconds; CPU in cores (of the machine's 2) while measured. */
    record Result(String name, int clients, double warmupSeconds, double seconds, long ok, long errors, double perSecond,
                  double p50, double p90, double p99, double max, double mean, String firstErrors,
                  double busyCores, double oursCores, double foreignCores, double stealCores, String cpuBreakdown,
                  double apiCores, double clientCores) {

        void save(State state) {
            state.put("name", name).put("clients", clients).put("warmup_seconds", warmupSeconds).put("seconds", seconds)
                    .put("ok", ok).put("errors", errors)
                    .put("per_second", perSecond).put("p50_ms", p50).put("p90_ms", p90).put("p99_ms", p99)
                    .put("max_ms", max).put("mean_ms", mean).put("first_errors", firstErrors)
                    .put("cpu_busy_cores", busyCores).put("cpu_ours_cores", oursCores).put("cpu_foreign_cores", foreignCores)
                    .put("cpu_steal_cores", stealCores).put("cpu_breakdown", cpuBreakdown)
                    .put("cpu_api_cores", apiCores).put("cpu_client_cores", clientCores).save();
        }

        static Result load(State state) {
            return new Result(state.get("name"), (int) state.number("clients"), state.number("warmup_seconds"),
                    state.number("seconds"), (long) state.number("ok"), (long) state.number("errors"), state.number("per_second"),
                    state.number("p50_ms"), state.number("p90_ms"), state.number("p99_ms"), state.number("max_ms"),
                    state.number("mean_ms"), state.get("first_errors"), state.number("cpu_busy_cores"),
                    state.number("cpu_ours_cores"), state.number("cpu_foreign_cores"), state.number("cpu_steal_cores"),
                    state.get("cpu_breakdown"), state.number("cpu_api_cores"), state.number("cpu_client_cores"));
        }
    }

    private static final long TICK = 5_000_000_000L;
    /** JIT compiler threads using less than this (cores, over two ticks) count as quiet. */
    private static final double JIT_QUIET_CORES = 0.10;

    /** The measured window; both ends unknown (far future) until the warm-up ends. */
    private static final class Window {
        volatile long measureFrom = Long.MAX_VALUE;
        volatile long end = Long.MAX_VALUE;
    }

    private Load() {
    }

    /**
     * @param onMeasure runs when the measured window opens (takes the first snapshot of the work counters, starts a
     *                  profiler); must be quick: the clients are already running
     */
    static Result run(String name, int clients, Warmup warmup, int durationSeconds, CpuMeter cpu, Runnable onMeasure,
            OperationFactory factory) throws Exception {
        List<Operation> operations = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            operations.add(factory.create(i));
        }
        Window window = new Window();
        Client[] workers = new Client[clients];
        CountDownLatch done = new CountDownLatch(clients);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<String, Integer> errorKinds = Collections.synchronizedMap(new LinkedHashMap<>());
        System.out.printf("%s: %d clients, warm-up %d s and until the JIT of pid %d is quiet (at most %d s), then %d s measured%n",
                name, clients, warmup.minSeconds(), warmup.jitPid(), warmup.maxSeconds(), durationSeconds);
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            workers[i] = new Client(operations.get(i), window, completed, failed, errorKinds, done);
            Thread thread = new Thread(workers[i], name + "-client-" + i);
            thread.setDaemon(true);
            thread.start();
        }

        Progress progress = new Progress(name, start, completed, failed);
        double warmedUp = warmUp(progress, warmup);
        long measureFrom = System.nanoTime();
        long end = measureFrom + durationSeconds * 1_000_000_000L;
        cpu.start();
        window.measureFrom = measureFrom;
        window.end = end;
        onMeasure.run();
        for (long tick = measureFrom + TICK; ; tick += TICK) {
            long next = Math.min(tick, end);
            sleepUntil(next);
            progress.line("");
            if (next >= end) {
                break;
            }
        }
        CpuMeter.Usage usage = cpu.stop();
        System.out.printf("  %s CPU while measured: machine %.2f cores busy, benchmark processes %.2f (%s), others %.2f, steal %.2f%n",
                name, usage.busyCores(), usage.oursCores(), usage.breakdown(), usage.foreignCores(), usage.stealCores());
        // every operation has its own time-out; wait for the stragglers a bounded time
        done.await(60, TimeUnit.SECONDS);

        long errors = 0;
        LongList merged = new LongList();
        for (Client worker : workers) {
            long[] values = worker.latencies.values;
            for (int i = 0; i < Math.min(worker.latencies.size, values.length); i++) {
                merged.add(values[i]);
            }
            errors += worker.measuredErrors;
        }
        long[] all = Arrays.copyOf(merged.values, merged.size);
        Arrays.sort(all);
        double sum = 0;
        for (long value : all) {
            sum += value;
        }
        StringBuilder kinds = new StringBuilder();
        synchronized (errorKinds) {
            errorKinds.forEach((kind, n) -> kinds.append(kinds.length() == 0 ? "" : " | ").append(n).append("x ").append(kind));
        }
        return new Result(name, clients, Math.round(warmedUp), durationSeconds, all.length, errors, all.length / (double) durationSeconds,
                ms(percentile(all, 0.50)), ms(percentile(all, 0.90)), ms(percentile(all, 0.99)),
                ms(all.length == 0 ? 0 : all[all.length - 1]), all.length == 0 ? 0 : ms((long) (sum / all.length)),
                kinds.toString(), round2(usage.busyCores()), round2(usage.oursCores()), round2(usage.foreignCores()),
                round2(usage.stealCores()), usage.breakdown(), usage.apiCores(), usage.clientCores());
    }

    /** @return the seconds the warm-up took */
    private static double warmUp(Progress progress, Warmup warmup) throws InterruptedException {
        long start = progress.start;
        long previousJit = jitTicks(warmup.jitPid());
        int quietTicks = 0;
        for (long tick = start + TICK; ; tick += TICK) {
            sleepUntil(tick);
            long jit = jitTicks(warmup.jitPid());
            double jitCores = Math.max(0, jit - previousJit) / 100.0 / (TICK / 1e9);
            previousJit = jit;
            quietTicks = jitCores < JIT_QUIET_CORES ? quietTicks + 1 : 0;
            progress.line(String.format("  (warm-up, JIT %.2f cores)", jitCores));
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= warmup.minSeconds() && quietTicks >= 2) {
                System.out.printf("  warm-up over after %.0f s: the JIT compilers are quiet%n", elapsed);
                return elapsed;
            }
            if (elapsed >= warmup.maxSeconds()) {
                System.out.printf("  warm-up cut at %.0f s (WARMUP_MAX) with the JIT still compiling (%.2f cores)%n", elapsed, jitCores);
                return elapsed;
            }
        }
    }

    /** utime+stime of the C1/C2 compiler threads of {@code pid} (Linux /proc; 0 elsewhere). */
    private static long jitTicks(long pid) {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return total;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long sleep = nanoTime - System.nanoTime();
        if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
    }

    /** One line every 5 s: the rate since the last line, so that a drift or a stall shows. */
    private static final class Progress {
        final String name;
        final long start;
        final AtomicLong completed;
        final AtomicLong failed;
        long last;
        long lastFailed;
        long lastAt;

        Progress(String name, long start, AtomicLong completed, AtomicLong failed) {
            this.name = name;
            this.start = start;
            this.completed = completed;
            this.failed = failed;
            this.lastAt = start;
        }

        void line(String note) {
            long now = System.nanoTime();
            long done = completed.get();
            long errors = failed.get();
            System.out.printf("  %s %5.0f s  %7.0f ops/s  %d errors%s%n", name, (now - start) / 1e9,
                    (done - last) / ((now - lastAt) / 1e9), errors - lastFailed, note);
            last = done;
            lastFailed = errors;
            lastAt = now;
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }

    private static final class Client implements Runnable {
        final Operation operation;
        final Window window;
        final AtomicLong completed;
        final AtomicLong failed;
        final Map<String, Integer> errorKinds;
        final CountDownLatch done;
        final LongList latencies = new LongList();
        long measuredErrors;

        Client(Operation operation, Window window, AtomicLong completed, AtomicLong failed, Map<String, Integer> errorKinds,
               CountDownLatch done) {
            this.operation = operation;
            this.window = window;
            this.completed = completed;
            this.failed = failed;
            this.errorKinds = errorKinds;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                while (System.nanoTime() < window.end) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                        operation.run();
                        ok = true;
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        ok = false;
                        String kind = e.getClass().getSimpleName() + ": " + e.getMessage();
                        kind = kind.length() > 300 ? kind.substring(0, 300) : kind;
                        synchronized (errorKinds) {
                            if (errorKinds.size() < 5 || errorKinds.containsKey(kind)) {
                                errorKinds.merge(kind, 1, Integer::sum);
                            }
                        }
                    }
                    long t1 = System.nanoTime();
                    boolean measured = t1 >= window.measureFrom && t1 <= window.end;
                    if (ok) {
                        completed.incrementAndGet();
                        if (measured) {
                            latencies.add(t1 - t0);
                        }
                    } else {
                        failed.incrementAndGet();
                        if (measured) {
                            measuredErrors++;
                        }
                    }
                }
            } finally {
                done.countDown();
            }
        }
    }

    private static final class LongList {
        long[] values = new long[16_384];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
