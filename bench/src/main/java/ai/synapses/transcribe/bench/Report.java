package ai.synapses.transcribe.bench;

import java.nio.file.Path;

/** The compact table: both phases, the ratio, and PASS/MISS against the targets. */
final class Report {

    static final double TARGET_THROUGHPUT = 300;
    static final double TARGET_P99_MS = 150;
    static final double TARGET_RATIO = 0.5;

    private Report() {
    }

    /** @return 0 when every target passed, 1 otherwise (the script decides whether that fails the run) */
    static int run(Path serviceFile, Path floorFile) {
        Load.Result service = Load.Result.load(State.load(serviceFile));
        Load.Result floor = Load.Result.load(State.load(floorFile));
        double ratio = floor.perSecond() == 0 ? 0 : service.perSecond() / floor.perSecond();

        System.out.println();
        System.out.printf("%-8s %7s %7s %6s %8s %9s %8s %8s %8s %8s %7s %10s %10s%n",
                "phase", "clients", "warm-up", "secs", "ops", "ops/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "cpu bench", "cpu others");
        for (Load.Result r : new Load.Result[] {service, floor}) {
            System.out.printf("%-8s %7d %7.0f %6.0f %8d %9.1f %8.2f %8.2f %8.2f %8.2f %7d %10.2f %10.2f%n",
                    r.name(), r.clients(), r.warmupSeconds(), r.seconds(), r.ok(), r.perSecond(), r.p50(), r.p90(), r.p99(), r.max(), r.errors(),
                    r.oursCores(), r.foreignCores());
        }
        System.out.printf("ratio service/floor throughput: %.2f%n", ratio);
        System.out.println("(cpu: cores used while measured, of 2, by the benchmark's processes and by everything else on the machine)");
        System.out.println("  service cpu: " + service.cpuBreakdown());
        System.out.println("  floor cpu:   " + floor.cpuBreakdown());
        System.out.println("PostgreSQL client backends while measured (average of 1 s samples):");
        System.out.println("  service: " + State.load(serviceFile).get("pg_backends"));
        System.out.println("  floor:   " + State.load(floorFile).get("pg_backends"));
        if (service.foreignCores() > 0.3 || floor.foreignCores() > 0.3) {
            System.out.println("WARNING: other processes used the CPU while measuring: these figures understate the service; run again on a quiet machine");
        }
        System.out.println();

        boolean throughputOk = service.perSecond() >= TARGET_THROUGHPUT;
        boolean p99Ok = service.p99() < TARGET_P99_MS && service.ok() > 0;
        boolean ratioOk = ratio >= TARGET_RATIO;
        boolean errorsOk = service.errors() == 0;
        System.out.printf("%-28s %12s  %s%n", "target", "measured", "");
        System.out.printf("%-28s %12.1f  %s%n", "service submits/s >= " + (int) TARGET_THROUGHPUT, service.perSecond(), verdict(throughputOk));
        System.out.printf("%-28s %12.2f  %s%n", "service p99 < " + (int) TARGET_P99_MS + " ms", service.p99(), verdict(p99Ok));
        System.out.printf("%-28s %12.2f  %s%n", "ratio service/floor >= " + TARGET_RATIO, ratio, verdict(ratioOk));
        System.out.printf("%-28s %12d  %s%n", "service errors = 0", service.errors(), verdict(errorsOk));
        for (Load.Result r : new Load.Result[] {service, floor}) {
            if (!r.firstErrors().isEmpty()) {
                System.out.println(r.name() + " errors: " + r.firstErrors());
            }
        }
        return throughputOk && p99Ok && ratioOk && errorsOk ? 0 : 1;
    }

    private static String verdict(boolean ok) {
        return ok ? "PASS" : "MISS";
    }
}
