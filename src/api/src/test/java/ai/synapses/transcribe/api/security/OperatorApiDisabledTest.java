package ai.synapses.transcribe.api.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Without TRANSCRIBE_ADMIN_TOKEN the operator API is off, whatever token is sent; customer routes work as ever. */
@QuarkusTest
@TestProfile(OperatorApiDisabledTest.NoOperatorToken.class)
class OperatorApiDisabledTest {

    public static class NoOperatorToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("transcribe.admin.token", "");
        }
    }

    @Test
    void everyOperatorRouteAnswersDisabled() {
        for (String header : new String[] {null, "Bearer ", "Bearer test-admin-token", "Bearer sk_live_unknown"}) {
            var request = given().contentType(ContentType.JSON).body(Map.of("name", "x"));
            if (header != null) {
                request.header("Authorization", header);
            }
            request.post("/v1/admin/organizations").then().statusCode(403)
                    .header("WWW-Authenticate", nullValue())
                    .body("success", equalTo(false))
                    .body("error.code", equalTo("admin_api_disabled"))
                    .body("error.field", nullValue());
        }
    }

    @Test
    void customerRoutesStillAskForAnApiKey() {
        given().get("/v1/organizations/org_x/balance").then().statusCode(401).body("error.code", equalTo("missing_api_key"));
        given().header("Authorization", "Bearer test-admin-token").get("/v1/organizations/org_x/balance").then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"));
    }
}
