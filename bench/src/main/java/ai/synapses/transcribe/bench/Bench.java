package ai.synapses.transcribe.bench;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point of the submit benchmark; {@code bench/submit-bench.sh} calls one sub-command per step.
 *
 * <pre>
 *   stack   STATE            start PostgreSQL, ElasticMQ and the HTTPS audio server, write their URLs to STATE, run until killed
 *   setup   STATE            create ORGS organisations, each with a key and a balance, through the operator API; check one submit
 *   service STATE RESULT     CLIENTS clients POSTing /v1/audio/transcribe to the packaged API
 *   floor   STATE RESULT     the same clients doing only the submit's external work (range GET, pre-charge statement, queue send)
 *   report  SERVICE FLOOR [SERVICE FLOOR ...]   each run's line, the medians, the work per submit and the targets
 * </pre>
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "stack" -> Stack.run(Path.of(rest[0]));
            case "setup" -> Setup.run(Path.of(rest[0]));
            case "service" -> ServicePhase.run(Path.of(rest[0]), Path.of(need(rest, 1)));
            case "floor" -> FloorPhase.run(Path.of(rest[0]), Path.of(need(rest, 1)));
            case "report" -> System.exit(Report.run(Arrays.stream(rest).map(Path::of).toList()));
            default -> usage();
        }
    }

    private static String need(String[] args, int index) {
        if (args.length <= index) {
            usage();
        }
        return args[index];
    }

    private static void usage() {
        System.err.println("usage: Bench stack|setup STATE  |  Bench service|floor STATE RESULT  |  Bench report SERVICE_RESULT FLOOR_RESULT [SERVICE_RESULT FLOOR_RESULT ...]");
        System.exit(2);
    }

    /** A CPU meter, after waiting (QUIET_WAIT seconds, default 180) for other processes to leave the cores alone. */
    static CpuMeter quietMachine(State state) throws InterruptedException {
        CpuMeter meter = new CpuMeter(state);
        meter.waitQuiet(env("QUIET_WAIT", 180), 0.3);
        return meter;
    }

    /** An integer setting from the environment (the script passes CLIENTS, WARMUP, DURATION through). */
    static int env(String name, int fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a non-negative whole number, got '" + value + "'");
        }
    }
}
