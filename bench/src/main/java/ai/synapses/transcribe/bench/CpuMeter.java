package ai.synapses.transcribe.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the machine's CPU went during a measured window (Linux /proc): in the processes of the benchmark
 * (this JVM, the stack JVM, the API JVM, PostgreSQL and its backends) or elsewhere. The machine is
 * shared (builds and tests of other work run on the same 2 cores), so a result measured while others
 * used a core is not the service's number: the report shows "foreign" CPU next to every phase.
 */
final class CpuMeter {

    /** CPU seconds, by category, over a window. */
    record Usage(double seconds, double busyCores, double oursCores, double foreignCores, double stealCores,
                 double clientCores, double stackCores, double apiCores, double postgresCores) {

        String breakdown() {
            return String.format("client %.2f, stack (audio HTTPS + ElasticMQ) %.2f, API %.2f, PostgreSQL %.2f",
                    clientCores, stackCores, apiCores, postgresCores);
        }
    }

    private final State state;
    private long[] machineStart;
    private long[] oursStart;
    private long startNanos;

    CpuMeter(State state) {
        this.state = state;
    }

    /**
     * Waits (at most {@code maxSeconds}) until other processes leave the machine alone: foreign CPU under
     * {@code limitCores} over a 2 s sample. Returns the last sample's foreign cores.
     */
    double waitQuiet(int maxSeconds, double limitCores) throws InterruptedException {
        if (maxSeconds <= 0) {
            return -1;
        }
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        boolean told = false;
        while (true) {
            start();
            Thread.sleep(2000);
            double foreign = stop().foreignCores();
            if (foreign < limitCores) {
                return foreign;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf("  the machine is still busy (other processes use %.2f cores): measuring anyway%n", foreign);
                return foreign;
            }
            if (!told) {
                System.out.printf("  other processes use %.2f cores of the machine: waiting up to %d s for them (QUIET_WAIT)%n",
                        foreign, maxSeconds);
                told = true;
            }
        }
    }

    void start() {
        machineStart = machine();
        oursStart = oursTicks();
        startNanos = System.nanoTime();
    }

    Usage stop() {
        long[] machineEnd = machine();
        long[] oursEnd = oursTicks();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double hz = 100.0; // USER_HZ, the unit of /proc/stat and /proc/PID/stat on Linux
        double busy = (machineEnd[0] - machineStart[0]) / hz / seconds;
        double steal = (machineEnd[1] - machineStart[1]) / hz / seconds;
        double[] cores = new double[oursEnd.length];
        for (int i = 0; i < cores.length; i++) {
            cores[i] = Math.max(0, oursEnd[i] - oursStart[i]) / hz / seconds;
        }
        double ours = cores[0] + cores[1] + cores[2] + cores[3];
        return new Usage(seconds, busy, ours, Math.max(0, busy - ours), steal, cores[0], cores[1], cores[2], cores[3]);
    }

    /** {busy ticks (user+nice+system+irq+softirq), steal ticks} of all CPUs. */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            return new long[] {busy, steal};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** utime+stime of the benchmark's processes: {this JVM, stack JVM, API JVM, PostgreSQL (postmaster and children)}. */
    private long[] oursTicks() {
        long self = ProcessHandle.current().pid();
        long stack = pid("stack.pid");
        long api = pid("api.pid");
        long postmaster = pid("pg.pid");
        long[] ticks = new long[4];
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : proc) {
                long[] stat = stat(dir);
                if (stat == null) {
                    continue;
                }
                if (stat[0] == self) {
                    ticks[0] += stat[2];
                } else if (stat[0] == stack) {
                    ticks[1] += stat[2];
                } else if (stat[0] == api) {
                    ticks[2] += stat[2];
                } else if (postmaster > 0 && (stat[0] == postmaster || stat[1] == postmaster)) {
                    ticks[3] += stat[2];
                }
            }
        } catch (IOException e) {
            // no /proc: everything counts as foreign
        }
        return ticks;
    }

    private long pid(String key) {
        try {
            return Long.parseLong(state.get(key).trim());
        } catch (RuntimeException absent) {
            return -1; // not started (yet), or not known
        }
    }

    /** {pid, ppid, utime+stime} from /proc/PID/stat, or null when the process is gone. */
    private static long[] stat(Path dir) {
        try {
            String line = Files.readString(dir.resolve("stat"));
            int close = line.lastIndexOf(')');
            String[] f = line.substring(close + 2).split(" ");
            // after "pid (comm) ": state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
            return new long[] {Long.parseLong(line.substring(0, line.indexOf(' '))), Long.parseLong(f[1]),
                    Long.parseLong(f[11]) + Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
