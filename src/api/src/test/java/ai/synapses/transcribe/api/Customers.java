package ai.synapses.transcribe.api;

import io.restassured.http.ContentType;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Makes customers through the real operator API, as an operator would. */
public final class Customers {

    public static final String ADMIN = "Bearer test-admin-token";

    public record Customer(String organizationId, String apiKey, String keyId) {
        public String bearer() {
            return "Bearer " + apiKey;
        }
    }

    private Customers() {
    }

    public static Customer create(long balance) {
        return create(balance, "1");
    }

    public static Customer create(long balance, String pricingMultiplier) {
        String orgId = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "Test org", "pricing_multiplier", Double.parseDouble(pricingMultiplier)))
                .post("/v1/admin/organizations")
                .then().statusCode(201).extract().path("data.organization_id");
        var key = given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"name\":\"test\"}")
                .post("/v1/admin/organizations/" + orgId + "/api-keys")
                .then().statusCode(201).extract();
        if (balance > 0) {
            credit(orgId, balance);
        }
        return new Customer(orgId, key.path("data.api_key"), key.path("data.key_id"));
    }

    public static void credit(String orgId, long amount) {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("amount", amount, "reference", "test top-up"))
                .post("/v1/admin/organizations/" + orgId + "/credits")
                .then().statusCode(201);
    }
}
