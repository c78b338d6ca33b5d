package ai.synapses.transcribe.api.security;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.operability.StoppableDatabase;
import ai.synapses.transcribe.api.Database;
import ai.synapses.transcribe.organization.ApiKeySettings;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one credential of the API, {@code Authorization: Bearer <token>}, over real HTTP: what a customer or an
 * operator sees for a missing, malformed, unknown, revoked or misplaced token, and a database outage during
 * the key's lookup. On a PostgreSQL of its own, which the last test stops.
 */
@QuarkusTest
@TestProfile(StoppableDatabase.OwnDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BearerAuthenticationTest {

    @Inject
    Database db;

    @Inject
    ApiKeySettings keys;

    private static final String ADMIN_TOKEN = "test-admin-token";

    @Test
    @Order(1)
    void withoutABearerTokenTheKeyIsMissing() {
        Customer customer = Customers.create(0);
        for (String header : new String[] {null, "Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", customer.apiKey(),
                "Token " + customer.apiKey()}) {
            refused(header, balance(customer), 401, "missing_api_key");
        }
    }

    @Test
    @Order(1)
    void theSchemeIsCaseInsensitiveAndTheTokenTrimmed() {
        Customer customer = Customers.create(0);
        for (String header : new String[] {"bearer " + customer.apiKey(), "BEARER " + customer.apiKey(),
                "  Bearer   " + customer.apiKey() + "  "}) {
            given().header("Authorization", header).get(balance(customer)).then().statusCode(200)
                    .body("data.organization_id", equalTo(customer.organizationId()));
        }
        given().header("Authorization", "bearer " + ADMIN_TOKEN).get("/v1/admin/organizations/" + customer.organizationId())
                .then().statusCode(200).body("data.organization_id", equalTo(customer.organizationId()));
    }

    @Test
    @Order(1)
    void unknownRevokedOrOperatorTokensAreInvalidApiKeys() {
        Customer customer = Customers.create(0);
        refused("Bearer sk_live_" + "x".repeat(40), balance(customer), 401, "invalid_api_key");
        refused("Bearer " + customer.apiKey() + "x", balance(customer), 401, "invalid_api_key");
        // the operator token does not act for customers, and is not told apart from a wrong key
        refused("Bearer " + ADMIN_TOKEN, balance(customer), 401, "invalid_api_key");
        refused("Bearer " + ADMIN_TOKEN, "/v1/audio/transcriptions/trans_x", 401, "invalid_api_key");

        given().header("Authorization", Customers.ADMIN)
                .delete("/v1/admin/organizations/" + customer.organizationId() + "/api-keys/" + customer.keyId())
                .then().statusCode(200);
        refused(customer.bearer(), balance(customer), 401, "invalid_api_key");
    }

    @Test
    @Order(1)
    void aKeyRevokedThroughAnotherInstanceStopsWorkingWithinTheCacheTime() throws Exception {
        Customer customer = Customers.create(0);
        given().header("Authorization", customer.bearer()).get(balance(customer)).then().statusCode(200);
        long revokedAt = System.nanoTime();
        assertEquals(1, db.update("update api_keys set revoked_at = now() where id = ?", customer.keyId()));

        int status;
        while ((status = given().header("Authorization", customer.bearer()).get(balance(customer)).statusCode()) == 200
                && System.nanoTime() - revokedAt < 30_000_000_000L) {
            Thread.sleep(100);
        }
        long tookMillis = (System.nanoTime() - revokedAt) / 1_000_000;

        assertEquals(401, status);
        assertTrue(tookMillis <= keys.cacheTtl().toMillis() + 1_000, "still accepted " + tookMillis + " ms after its revocation");
    }

    @Test
    @Order(1)
    void aKeyActsOnlyForItsOrganization() {
        Customer customer = Customers.create(0);
        Customer other = Customers.create(0);
        given().header("Authorization", other.bearer()).get(balance(customer)).then().statusCode(403)
                .header("WWW-Authenticate", nullValue())
                .body("error.code", equalTo("organization_mismatch")).body("error.field", equalTo("organization_id"));
    }

    @Test
    @Order(1)
    void operatorRoutesTakeOnlyTheOperatorToken() {
        Customer customer = Customers.create(0);
        String route = "/v1/admin/organizations/" + customer.organizationId();
        for (String header : new String[] {null, "Basic dXNlcjpwYXNz", "Bearer", "Bearer wrong", "Bearer " + ADMIN_TOKEN + "x",
                "Bearer " + ADMIN_TOKEN.substring(1), customer.bearer()}) {
            refused(header, route, 401, "invalid_admin_token");
        }
        given().header("Authorization", Customers.ADMIN).get(route).then().statusCode(200);
    }

    @Test
    @Order(1)
    void publicRoutesIgnoreTheHeader() {
        for (String header : new String[] {"Bearer sk_live_unknown", "Basic dXNlcjpwYXNz", "Bearer " + ADMIN_TOKEN}) {
            given().header("Authorization", header).get("/q/health/live").then().statusCode(200);
            given().header("Authorization", header).get("/q/health/ready").then().statusCode(200);
            given().header("Authorization", header).get("/q/openapi").then().statusCode(200);
        }
        given().header("Authorization", "Bearer sk_live_unknown").get("/v1/no-such-route").then().statusCode(404)
                .body("error.code", equalTo("not_found"));
    }

    @Test
    @Order(2)
    void aDatabaseOutageDuringTheLookupIsAServiceOutageNotABadKey() throws Exception {
        Customer customer = Customers.create(0);
        StoppableDatabase.invoke("stop");
        try {
            given().header("Authorization", customer.bearer()).get(balance(customer)).then().statusCode(503)
                    .header("Retry-After", "5")
                    .body("success", equalTo(false))
                    .body("error.code", equalTo("service_unavailable"))
                    .body("error.details.dependency", equalTo("database"))
                    .body("metadata.request_id", matchesPattern("req_.+"));
            // no token, no lookup: still the customer's own mistake
            refused(null, balance(customer), 401, "missing_api_key");
        } finally {
            StoppableDatabase.invoke("restart");
        }
        long deadline = System.currentTimeMillis() + 30_000;
        int status = 0;
        while (System.currentTimeMillis() < deadline
                && (status = given().header("Authorization", customer.bearer()).get(balance(customer)).statusCode()) != 200) {
            Thread.sleep(250);
        }
        assertEquals(200, status, "the key is accepted again once the database is back");
    }

    private static String balance(Customer customer) {
        return "/v1/organizations/" + customer.organizationId() + "/balance";
    }

    /** The error envelope of a refused credential, with the Bearer challenge. */
    private static ValidatableResponse refused(String authorization, String path, int status, String code) {
        var request = given();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.get(path).then().statusCode(status)
                .header("WWW-Authenticate", "Bearer")
                .body("success", equalTo(false))
                .body("error.code", equalTo(code))
                .body("error.field", equalTo("Authorization"))
                .body("metadata.request_id", matchesPattern("req_.+"));
    }
}
