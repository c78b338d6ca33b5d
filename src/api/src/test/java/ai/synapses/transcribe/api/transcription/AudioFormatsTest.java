package ai.synapses.transcribe.api.transcription;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.local.HttpsFileServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every audio fixture (made with ffmpeg by src/audio-format/src/test/resources/audio/make-fixtures.sh; truth =
 * decoded sample count) submitted over HTTPS: the answer's audio_metadata is right, and formats this
 * deployment cannot decode (m4a without ffmpeg) are refused at submit, not failed later.
 */
@QuarkusTest
class AudioFormatsTest {

    static final Path FIXTURES = Path.of("../audio-format/src/test/resources/audio");
    static HttpsFileServer audio;
    static Customer customer;

    @BeforeAll
    static void serveFixtures() throws IOException {
        audio = HttpsFileServer.start();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            files.forEach(f -> audio.serve("/" + f.getFileName(), f));
        }
    }

    @AfterAll
    static void stop() {
        audio.close();
    }

    @TestFactory
    Stream<DynamicTest> probedOverHttpsAtSubmit() throws IOException {
        List<String[]> rows = Files.readAllLines(FIXTURES.resolve("fixtures.tsv")).stream().skip(1)
                .map(line -> line.split("\t")).filter(r -> r[8].equals("ok")).toList();
        return rows.stream().map(r -> DynamicTest.dynamicTest(r[0], () -> {
            if (customer == null) {
                customer = Customers.create(1_000_000);
            }
            String format = r[1];
            double truth = Double.parseDouble(r[5]);
            var response = given().config(io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig.jsonConfig()
                            .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE)))
                    .header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                    .body(SubmitTest.body(customer.organizationId(), audio.url("/" + r[0])))
                    .post("/v1/audio/transcribe").then();
            if (format.equals("m4a")) {
                response.statusCode(422).body("error.code", equalTo("audio_format_not_available"))
                        .body("error.details.format", equalTo("m4a"));
                return;
            }
            response.statusCode(202)
                    .body("data.audio_metadata.format", equalTo(format))
                    .body("data.audio_metadata.sample_rate_hz", equalTo(Integer.parseInt(r[3])))
                    .body("data.audio_metadata.channels", equalTo(Integer.parseInt(r[4])))
                    // exact or within 1 %; where only an estimate is possible from the bytes read (chained Ogg), it says so
                    .body("data.audio_metadata.duration_estimated", equalTo(Boolean.parseBoolean(r[7])))
                    .body("data.audio_metadata.duration_seconds", closeTo(truth, truth * (Boolean.parseBoolean(r[7]) ? 0.05 : 0.01)))
                    .body("data.audio_metadata.size_bytes", equalTo((int) Files.size(FIXTURES.resolve(r[0]))));
        }));
    }
}
