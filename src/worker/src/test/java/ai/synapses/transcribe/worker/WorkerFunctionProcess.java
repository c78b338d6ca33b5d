package ai.synapses.transcribe.worker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.stream.Stream;
import java.util.zip.ZipInputStream;

/**
 * The packaged worker ({@code target/function.zip}) running as one Lambda function's process against a
 * {@link LocalLambdaRuntime}, started as AWS's Java 17 runtime starts it: the zip unpacked as the task root,
 * AWS's runtime interface client calling {@code QuarkusStreamHandler}, C1 only and the serial collector, the
 * prod profile, configured by environment variables as template.yaml configures the function. Its own JVM,
 * so it can be killed for real. Its output goes to {@code target/<name>.log}.
 */
final class WorkerFunctionProcess implements AutoCloseable {

    private static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final int MEMORY_MB = 768;
    private static final String NATIVE_CLIENT_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private final String name;
    private final Process process;
    private final LocalLambdaRuntime runtime;
    private final Path log;

    private WorkerFunctionProcess(String name, Process process, LocalLambdaRuntime runtime, Path log) {
        this.name = name;
        this.process = process;
        this.runtime = runtime;
        this.log = log;
        process.onExit().thenRun(runtime::processGone);
    }

    /** Starts the function's process ({@code QUARKUS_LAMBDA_HANDLER=handler}) and waits until it asks for its first event. */
    static WorkerFunctionProcess start(String name, String handler, LocalLambdaRuntime runtime, Map<String, String> environment,
            Duration startTimeout) throws IOException, InterruptedException {
        Path task = taskRoot();
        Path log = Path.of("target", name + ".log");
        // each sandbox has a /tmp of its own; these processes share one machine
        Path tmp = Files.createDirectories(Path.of("target", "function-tmp", name)).toAbsolutePath();
        String classPath = String.join(File.pathSeparator, runtimeClient() + File.separator + "*", task.toString(),
                task.resolve("lib") + File.separator + "*");
        List<String> command = List.of(java(), "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-Xmx" + (MEMORY_MB * 85 / 100) + "m", "-XX:ErrorFile=" + tmp.resolve("hs_err_pid%p.log"),
                // the client unpacks its JNI library to a fixed /tmp path unless told where it is
                "-D" + NATIVE_CLIENT_PROPERTY + "=" + nativeClient(), "-Djava.io.tmpdir=" + tmp,
                "-cp", classPath, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().putAll(Map.of(
                "QUARKUS_LAMBDA_HANDLER", handler,
                "AWS_LAMBDA_RUNTIME_API", runtime.address(),
                "AWS_LAMBDA_FUNCTION_NAME", name,
                "AWS_LAMBDA_FUNCTION_VERSION", "1",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(MEMORY_MB),
                "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name,
                "AWS_LAMBDA_LOG_STREAM_NAME", "local",
                "LAMBDA_TASK_ROOT", task.toString(),
                "_HANDLER", HANDLER,
                "JAVA_TOOL_OPTIONS", "-Djna.tmpdir=" + tmp));
        WorkerFunctionProcess started = new WorkerFunctionProcess(name, builder.start(), runtime, log);
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!runtime.awaitReady(Duration.ofMillis(200))) {
            if (!started.process.isAlive() || System.nanoTime() > deadline) {
                started.close();
                throw new IllegalStateException(name + " did not start; see " + log.toAbsolutePath() + ":\n" + tail(log));
            }
        }
        return started;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, the way Lambda ends a function at its time-out: nothing in the process runs after it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        runtime.processGone();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** function.zip unpacked once, as Lambda unpacks it to /var/task. */
    private static synchronized Path taskRoot() throws IOException {
        Path zip = Path.of(System.getProperty("transcribe.worker.function-zip", "target/function.zip"));
        Path task = zip.resolveSibling("function-task");
        Path done = task.resolve(".unpacked");
        if (Files.exists(done) && Files.getLastModifiedTime(done).compareTo(Files.getLastModifiedTime(zip)) > 0) {
            return task;
        }
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("no " + zip + ": package the worker first (failsafe runs after package)");
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = task.resolve(entry.getName()).normalize();
                if (!target.startsWith(task)) {
                    throw new IOException("zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(done, zip.toString());
        return task;
    }

    private static Path runtimeClient() {
        return Path.of(System.getProperty("transcribe.worker.runtime-client", "target/lambda-runtime-interface-client"));
    }

    /** The runtime interface client's JNI library for this machine, unpacked once from its jar. */
    private static synchronized Path nativeClient() throws IOException {
        String arch = System.getProperty("os.arch").matches("aarch64|arm64") ? "aarch_64" : "x86_64";
        Path library = runtimeClient().resolve("libaws-lambda-jni.linux-" + arch + ".so").toAbsolutePath();
        if (Files.isRegularFile(library)) {
            return library;
        }
        try (Stream<Path> jars = Files.list(runtimeClient())) {
            Path client = jars.filter(j -> j.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no runtime interface client in " + runtimeClient()));
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(client))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    if (entry.getName().equals("jni/" + library.getFileName())) {
                        Path partial = library.resolveSibling(library.getFileName() + ".part");
                        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
                        return library;
                    }
                }
            }
        }
        throw new IllegalStateException("no " + library.getFileName() + " in the runtime interface client");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
