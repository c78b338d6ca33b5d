package ai.synapses.transcribe.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The report: one line per run (service phase, then floor phase), the median of the runs, the work per
 * submit (service against floor) and PASS/MISS of the targets, judged on the medians: the service's
 * throughput at least {@value #TARGET_RATIO} of the floor's in the same run, and its p99 under
 * {@value #TARGET_P99_MS} ms.
 */
final class Report {

    static final double TARGET_RATIO = 0.9;
    static final double TARGET_P99_MS = 80;

    /** One run: its two phases' results and their result files (for the work counters). */
    private record Run(Load.Result service, Load.Result floor, State serviceFile, State floorFile) {

        double ratio() {
            return floor.perSecond() == 0 ? 0 : service.perSecond() / floor.perSecond();
        }
    }

    private Report() {
    }

    /**
     * @param files service and floor result files, run after run: SERVICE_1 FLOOR_1 SERVICE_2 FLOOR_2 ...
     * @return 0 when every target passed, 1 otherwise (the script decides whether that fails the run)
     */
    static int run(List<Path> files) {
        if (files.isEmpty() || files.size() % 2 != 0) {
            throw new IllegalArgumentException("report takes pairs of result files (service, floor), got " + files.size());
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < files.size(); i += 2) {
            State service = State.load(files.get(i));
            State floor = State.load(files.get(i + 1));
            runs.add(new Run(Load.Result.load(service), Load.Result.load(floor), service, floor));
        }

        System.out.println();
        Run first = runs.get(0);
        System.out.printf("%d run(s) of %d clients, %.0f s measured per phase; floor: FLOOR_TX=%s FLOOR_PARTS=%s%n", runs.size(),
                first.service().clients(), first.service().seconds(), optional(first.floorFile(), "tx_mode"),
                optional(first.floorFile(), "parts"));
        String phase = "%9s %7s %7s %7s %6s";
        System.out.printf("%-7s | " + phase + " | " + phase + " | %6s | %s%n", "", "service", "", "", "", "", "floor", "", "", "", "",
                "", "cpu of others");
        System.out.printf("%-7s | " + phase + " | " + phase + " | %6s | %s%n", "run", "ops/s", "p50 ms", "p90 ms", "p99 ms", "errors",
                "ops/s", "p50 ms", "p90 ms", "p99 ms", "errors", "ratio", "service / floor");
        String numbers = "%9.1f %7.2f %7.2f %7.2f %6d";
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            System.out.printf("%-7s | " + numbers + " | " + numbers + " | %6.2f | %.2f / %.2f%n", i + 1,
                    r.service().perSecond(), r.service().p50(), r.service().p90(), r.service().p99(), r.service().errors(),
                    r.floor().perSecond(), r.floor().p50(), r.floor().p90(), r.floor().p99(), r.floor().errors(),
                    r.ratio(), r.service().foreignCores(), r.floor().foreignCores());
        }
        double serviceRate = median(runs, r -> r.service().perSecond());
        double serviceP99 = median(runs, r -> r.service().p99());
        double ratio = median(runs, Run::ratio);
        long serviceErrors = runs.stream().mapToLong(r -> r.service().errors()).sum();
        System.out.printf("%-7s | %9.1f %7.2f %7.2f %7.2f %6s | %9.1f %7.2f %7.2f %7.2f %6s | %6.2f |%n", "median",
                serviceRate, median(runs, r -> r.service().p50()), median(runs, r -> r.service().p90()), serviceP99, "",
                median(runs, r -> r.floor().perSecond()), median(runs, r -> r.floor().p50()), median(runs, r -> r.floor().p90()),
                median(runs, r -> r.floor().p99()), "", ratio);
        System.out.println("(ratio: service / floor throughput of the same run; cpu of others: cores used by processes outside the benchmark, of 2)");

        System.out.println("CPU while measured (cores) and PostgreSQL client backends (average of 1 s samples):");
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            System.out.printf("  run %d service: %s%n                 %s%n", i + 1, r.service().cpuBreakdown(), optional(r.serviceFile(), "pg_backends"));
            System.out.printf("  run %d floor:   %s%n                 %s%n", i + 1, r.floor().cpuBreakdown(), optional(r.floorFile(), "pg_backends"));
        }
        if (runs.stream().anyMatch(r -> r.service().foreignCores() > 0.3 || r.floor().foreignCores() > 0.3)) {
            System.out.println("WARNING: other processes used the CPU while measuring: these figures understate the service; run again on a quiet machine");
        }

        System.out.println();
        perSubmit(runs);

        System.out.println();
        boolean ratioOk = ratio >= TARGET_RATIO;
        boolean p99Ok = serviceP99 < TARGET_P99_MS && runs.stream().allMatch(r -> r.service().ok() > 0);
        boolean errorsOk = serviceErrors == 0;
        System.out.printf("%-44s %10s  %s%n", "target (median of " + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + ")", "measured", "");
        System.out.printf("%-44s %10.2f  %s   (service %.1f submits/s)%n", "service / floor throughput >= " + TARGET_RATIO, ratio,
                verdict(ratioOk), serviceRate);
        System.out.printf("%-44s %10.2f  %s%n", "service p99 < " + (int) TARGET_P99_MS + " ms", serviceP99, verdict(p99Ok));
        System.out.printf("%-44s %10d  %s%n", "service errors = 0 (all runs)", serviceErrors, verdict(errorsOk));
        for (int i = 0; i < runs.size(); i++) {
            for (Load.Result r : new Load.Result[] {runs.get(i).service(), runs.get(i).floor()}) {
                if (!r.firstErrors().isEmpty()) {
                    System.out.println("run " + (i + 1) + " " + r.name() + " errors: " + r.firstErrors());
                }
            }
        }
        return ratioOk && p99Ok && errorsOk ? 0 : 1;
    }

    /** The work per submit (per floor operation), service against floor, for each run and the median. */
    private static void perSubmit(List<Run> runs) {
        TreeSet<String> tables = new TreeSet<>();
        for (Run r : runs) {
            tables.addAll(tablesOf(r.serviceFile()));
            tables.addAll(tablesOf(r.floorFile()));
        }
        List<String> labels = new ArrayList<>(List.of("CPU us (API / floor client)", "DB transactions", "rows written"));
        List<String> keys = new ArrayList<>(List.of("cpu", "work.transactions", "work.rows"));
        for (String table : tables) {
            labels.add("  " + table);
            keys.add("work.rows." + table);
        }
        labels.add("queue calls");
        keys.add("work.queue_calls");

        System.out.println("Per submit, over each measured window (service | floor; PostgreSQL publishes its counters about once a second,");
        System.out.println("so each figure is exact to about a second's work of the window):");
        StringBuilder header = new StringBuilder(String.format("%-28s", ""));
        StringBuilder sub = new StringBuilder(String.format("%-28s", ""));
        for (int i = 0; i < runs.size(); i++) {
            header.append(String.format(" | %-17s", "run " + (i + 1)));
            sub.append(String.format(" | %8s %8s", "service", "floor"));
        }
        header.append(String.format(" | %-17s", "median"));
        sub.append(String.format(" | %8s %8s", "service", "floor"));
        System.out.println(header);
        System.out.println(sub);
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            boolean cpu = key.equals("cpu");
            StringBuilder line = new StringBuilder(String.format("%-28s", labels.get(k)));
            double[] services = new double[runs.size()];
            double[] floors = new double[runs.size()];
            for (int i = 0; i < runs.size(); i++) {
                Run r = runs.get(i);
                services[i] = perOperation(r.serviceFile(), r.service(), key, r.service().apiCores());
                floors[i] = perOperation(r.floorFile(), r.floor(), key, r.floor().clientCores());
                line.append(" | ").append(cell(services[i], cpu)).append(' ').append(cell(floors[i], cpu));
            }
            line.append(" | ").append(cell(median(services), cpu)).append(' ').append(cell(median(floors), cpu));
            System.out.println(line);
        }
        System.out.println("(queue calls of the service: the API's transcribe_queue_calls_total at /q/metrics, n/a when it has none;"
                + " of the floor: its SendMessage calls)");
    }

    /** {@code key}'s count in the window divided by the operations counted in it; NaN when unknown. */
    private static double perOperation(State file, Load.Result result, String key, double cores) {
        if (result.ok() == 0) {
            return Double.NaN;
        }
        if (key.equals("cpu")) {
            return cores / result.perSecond() * 1e6;
        }
        String value = optional(file, key);
        if (value.isEmpty()) {
            // a table without writes in this phase; the totals are always there once the window has run
            return key.startsWith("work.rows.") && !optional(file, "work.rows").isEmpty() ? 0 : Double.NaN;
        }
        double count = Double.parseDouble(value);
        return count < 0 ? Double.NaN : count / result.ok();
    }

    private static String cell(double value, boolean cpu) {
        if (Double.isNaN(value)) {
            return String.format("%8s", "n/a");
        }
        return cpu ? String.format("%8.0f", value) : String.format("%8.2f", value);
    }

    private static List<String> tablesOf(State file) {
        List<String> tables = new ArrayList<>();
        Properties values = file.values();
        for (String key : values.stringPropertyNames()) {
            if (key.startsWith("work.rows.")) {
                tables.add(key.substring("work.rows.".length()));
            }
        }
        return tables;
    }

    private static String optional(State file, String key) {
        String value = file.values().getProperty(key);
        return value == null ? "" : value;
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
        return median(runs.stream().mapToDouble(figure).toArray());
    }

    /** The middle value; of an even count, the mean of the two middle ones; NaN when any value is unknown. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0 || Arrays.stream(sorted).anyMatch(Double::isNaN)) {
            return Double.NaN;
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String verdict(boolean ok) {
        return ok ? "PASS" : "MISS";
    }
}
