package ai.synapses.transcribe.api.operability;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Readiness follows the database for real: the test stops its own PostgreSQL (see {@link StoppableDatabase}),
 * readiness answers 503 naming the database, liveness stays up; PostgreSQL starts again on the same port
 * and data, and readiness comes back without restarting the service.
 */
@QuarkusTest
@TestProfile(StoppableDatabase.OwnDatabase.class)
class DatabaseReadinessTest {

    @Test
    void readinessGoesDownWithTheDatabaseAndComesBack() throws Exception {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        StoppableDatabase.invoke("stop");
        try {
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                    .body("checks.find { it.name.contains('PostgreSQL') }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'job queue' }.status", equalTo("UP"));
            given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            StoppableDatabase.invoke("restart");
        }
        long deadline = System.currentTimeMillis() + 30_000;
        int status = 0;
        while (System.currentTimeMillis() < deadline && (status = given().get("/q/health/ready").statusCode()) != 200) {
            Thread.sleep(250);
        }
        assertEquals(200, status, "ready again once the database is back: " + given().get("/q/health/ready").asString());
    }
}
