package ai.synapses.transcribe.api.operability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed contract ({@code openapi.yaml} at the repository's root) against what runs: the served
 * {@code /q/openapi} must be the same document, its routes must be exactly the JAX-RS routes of the code,
 * and every error code the code can answer with must be documented.
 */
@QuarkusTest
class OpenApiContractTest {

    static final java.nio.file.Path COMMITTED = java.nio.file.Path.of("../../openapi.yaml");
    static final java.nio.file.Path CLASSES = java.nio.file.Path.of("target/classes");
    static final java.nio.file.Path[] SOURCES = {java.nio.file.Path.of("src/main/java"), java.nio.file.Path.of("../domain/src/main/java")};

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        JsonNode committed = new YAMLMapper().readTree(COMMITTED.toFile());
        String served = given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        JsonNode servedTree = new ObjectMapper().readTree(served);
        Files.writeString(java.nio.file.Path.of("target/openapi-served.json"), served);
        assertEquals(committed, servedTree, "/q/openapi differs from openapi.yaml (served copy: target/openapi-served.json)");
    }

    @Test
    void everyRouteOfTheCodeIsDocumentedAndNothingElse() throws Exception {
        JsonNode paths = new YAMLMapper().readTree(COMMITTED.toFile()).path("paths");
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (Set.of("get", "post", "put", "delete", "patch").contains(method)) {
                    documented.add(method.toUpperCase() + " " + path.getKey());
                }
            });
        }
        assertEquals(routesInCode(), documented);
    }

    @Test
    void everyErrorCodeTheCodeAnswersWithIsDocumented() throws IOException {
        String contract = Files.readString(COMMITTED);
        Pattern literal = Pattern.compile("(?:new ApiProblem\\(\\d{3}, |badRequest\\(|new DomainException\\(ErrorKind\\.[A-Z_]+, |invalid\\()\"([a-z_]+)\"");
        Set<String> missing = new TreeSet<>();
        for (java.nio.file.Path root : SOURCES) {
            try (Stream<java.nio.file.Path> files = Files.walk(root)) {
                for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = literal.matcher(Files.readString(file));
                    while (m.find()) {
                        if (!contract.contains("`" + m.group(1) + "`") && !contract.contains("code: " + m.group(1))) {
                            missing.add(m.group(1) + " (" + file.getFileName() + ")");
                        }
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "error codes missing from openapi.yaml: " + missing);
    }

    /** "METHOD /path" of every resource method compiled into the API. */
    static Set<String> routesInCode() throws Exception {
        Set<String> routes = new TreeSet<>();
        try (Stream<java.nio.file.Path> files = Files.walk(CLASSES)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, OpenApiContractTest.class.getClassLoader());
                Path base = type.getAnnotation(Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = method.isAnnotationPresent(GET.class) ? "GET" : method.isAnnotationPresent(POST.class) ? "POST"
                            : method.isAnnotationPresent(PUT.class) ? "PUT" : method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
                    if (verb == null) {
                        continue;
                    }
                    Path sub = method.getAnnotation(Path.class);
                    routes.add(verb + " " + base.value() + (sub == null ? "" : sub.value()));
                }
            }
        }
        return routes;
    }
}
