package ai.synapses.transcribe.api.operability;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.api.TestAudio;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An integrator's view of the contract: OpenAPI Generator (its CLI JAR, which the build fetches from
 * Maven Central, the same JAR the npm wrapper would download) turns openapi.yaml into a Java client
 * (java.net.http + Jackson); the client and a small program using it are compiled, and the program
 * submits a job (with {@code pii_substitution} and {@code custom_spelling}) and reads its status from the running
 * service.
 */
@QuarkusTest
class GeneratedClientTest {

    static final Path GENERATOR = Path.of("target/openapi-generator/openapi-generator-cli.jar");
    static final Path OUT = Path.of("target/generated-client");

    @TestHTTPResource("/")
    URL service;

    @Inject
    Database db;

    @Test
    void aClientGeneratedFromTheContractSubmitsAndReadsTheStatus() throws Exception {
        assertTrue(Files.isRegularFile(GENERATOR), "the build copies the generator to " + GENERATOR);
        delete(OUT);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process generate = new ProcessBuilder(java, "-jar", GENERATOR.toString(), "generate",
                "-i", "../../openapi.yaml", "-g", "java", "--library", "native", "-o", OUT.toString(),
                "--invoker-package", "ai.synapses.transcribe.client", "--api-package", "ai.synapses.transcribe.client.api",
                "--model-package", "ai.synapses.transcribe.client.model",
                "--additional-properties", "openApiNullable=false,useJakartaEe=true,hideGenerationTimestamp=true",
                "--global-property", "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false")
                .redirectErrorStream(true).redirectOutput(OUT.resolveSibling("generated-client.log").toFile()).start();
        assertTrue(generate.waitFor(3, TimeUnit.MINUTES), "the generator finished");
        assertEquals(0, generate.exitValue(), "the generator accepted openapi.yaml: " + OUT.resolveSibling("generated-client.log"));

        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(OUT.resolve("src/main/java"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> sources.add(f.toString()));
        }
        sources.add("src/test/client-smoke/ClientSmoke.java");
        Path classes = Files.createDirectories(OUT.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none", "-nowarn",
                "-cp", System.getProperty("java.class.path")));
        args.addAll(sources);
        int compiled = javac.run(null, null, errors, args.toArray(String[]::new));
        assertEquals(0, compiled, "the generated client compiles:\n" + errors);

        Customer customer = Customers.create(50);
        try (HttpsFileServer audio = HttpsFileServer.start().serve("/four.wav", TestAudio.wav(4, 16000), "audio/wav");
                URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                        Thread.currentThread().getContextClassLoader())) {
            String base = service.toString().replaceAll("/$", "");
            String[] result = (String[]) loader.loadClass("client.smoke.ClientSmoke")
                    .getMethod("run", String.class, String.class, String.class, String.class)
                    .invoke(null, base, customer.apiKey(), customer.organizationId(), audio.url("/four.wav"));
            System.out.println("GeneratedClientTest: " + String.join(", ", result));
            assertTrue(result[0].startsWith("trans_"), result[0]);
            assertEquals("queued", result[1]);
            assertEquals("4", result[2]);
            assertEquals("queued", result[3]);
            assertEquals("0", result[4]);
            assertEquals(4.0, Double.parseDouble(result[5]), 0.001);
            // what the contract once left out, sent and read back through the generated types
            assertEquals("entity_name", result[6]);
            assertEquals("sequel -> SQL", result[7]);
            assertEquals(46, db.balance(customer.organizationId()));
        }
    }

    static void delete(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
