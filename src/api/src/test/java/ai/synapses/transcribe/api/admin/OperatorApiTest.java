package ai.synapses.transcribe.api.admin;

import ai.synapses.transcribe.api.Customers;
import ai.synapses.transcribe.api.Customers.Customer;
import ai.synapses.transcribe.api.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Organisations, keys and credits through the operator API; balances and ledger pages through the customer API. */
@QuarkusTest
class OperatorApiTest {

    @Inject
    Database db;

    @Test
    void operatorRoutesNeedTheToken() {
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).post("/v1/admin/organizations")
                .then().statusCode(401).body("error.code", equalTo("invalid_admin_token"));
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body(Map.of("name", "x"))
                .post("/v1/admin/organizations").then().statusCode(401);
        Customer customer = Customers.create(0);
        // a customer's API key is not an operator token
        given().header("Authorization", customer.bearer()).contentType(ContentType.JSON)
                .body(Map.of("amount", 100, "reference", "free money")).post("/v1/admin/organizations/" + customer.organizationId() + "/credits")
                .then().statusCode(401);
        assertEquals(0, db.balance(customer.organizationId()));
    }

    @Test
    void createsOrganizationsWithMultiplierAndRefusesBadInput() {
        given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "Acme", "pricing_multiplier", 0.8))
                .post("/v1/admin/organizations")
                .then().statusCode(201)
                .body("data.organization_id", matchesPattern("org_[A-Za-z0-9]{20}"))
                .body("data.pricing_multiplier", equalTo(0.8f))
                .body("data.balance", equalTo(0));
        given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "Acme", "pricing_multiplier", -1))
                .post("/v1/admin/organizations")
                .then().statusCode(400).body("error.code", equalTo("invalid_pricing_multiplier"))
                .body("error.field", equalTo("pricing_multiplier"));
        given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON).body(Map.of("nam", "typo"))
                .post("/v1/admin/organizations")
                .then().statusCode(400).body("error.code", equalTo("unknown_field")).body("error.field", equalTo("nam"));
    }

    @Test
    void keysAreShownOnceStoredHashedAndRevocable() {
        Customer customer = Customers.create(10);
        String stored = db.text("select key_hash from api_keys where id = ?", customer.keyId());
        assertNotEquals(customer.apiKey(), stored);
        assertFalse(stored.contains(customer.apiKey()));
        assertEquals(0, db.count("select count(*) from api_keys where key_hash = ? or key_prefix = ?", customer.apiKey(), customer.apiKey()));

        String balancePath = "/v1/organizations/" + customer.organizationId() + "/balance";
        given().header("Authorization", customer.bearer()).get(balancePath).then().statusCode(200);
        given().header("Authorization", Customers.ADMIN)
                .delete("/v1/admin/organizations/" + customer.organizationId() + "/api-keys/" + customer.keyId())
                .then().statusCode(200).body("data.api_key", nullValue());
        given().header("Authorization", customer.bearer()).get(balancePath).then().statusCode(401);
        given().header("Authorization", Customers.ADMIN)
                .delete("/v1/admin/organizations/" + customer.organizationId() + "/api-keys/key_nope")
                .then().statusCode(404).body("error.code", equalTo("api_key_not_found"));
    }

    @Test
    void creditsAreLedgerRowsWithAReferenceAndTheBalanceIsPaged() {
        Customer customer = Customers.create(0);
        String org = customer.organizationId();
        for (int i = 1; i <= 5; i++) {
            given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("amount", i * 100, "reference", "invoice-" + i))
                    .post("/v1/admin/organizations/" + org + "/credits")
                    .then().statusCode(201).body("data.transaction_id", matchesPattern("txn_[A-Za-z0-9]{20}"));
        }
        given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("amount", -5, "reference", "oops")).post("/v1/admin/organizations/" + org + "/credits")
                .then().statusCode(400).body("error.code", equalTo("invalid_amount"));
        given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("amount", 5)).post("/v1/admin/organizations/" + org + "/credits")
                .then().statusCode(400).body("error.code", equalTo("invalid_reference"));
        given().header("Authorization", Customers.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("amount", 5, "reference", "x")).post("/v1/admin/organizations/org_missing/credits")
                .then().statusCode(404).body("error.code", equalTo("organization_not_found"));
        assertEquals(1500, db.balance(org));
        assertEquals(1500, db.ledgerSum(org));

        Set<String> references = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().header("Authorization", customer.bearer()).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/v1/organizations/" + org + "/balance").then().statusCode(200)
                    .body("data.balance", equalTo(1500)).body("data.currency", equalTo("synapses")).extract();
            List<String> refs = page.path("data.entries.reference");
            references.addAll(refs);
            cursor = page.path("data.next_cursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(Set.of("invoice-1", "invoice-2", "invoice-3", "invoice-4", "invoice-5"), references);

        given().header("Authorization", customer.bearer()).get("/v1/organizations/" + org + "/balance?limit=1")
                .then().statusCode(200).body("data.entries", hasSize(1))
                .body("data.entries[0].reference", equalTo("invoice-5"))
                .body("data.entries[0].balance_after", equalTo(1500));
        given().header("Authorization", customer.bearer()).get("/v1/organizations/" + org + "/balance?limit=0")
                .then().statusCode(400).body("error.code", equalTo("invalid_limit"));
        given().header("Authorization", customer.bearer()).get("/v1/organizations/" + org + "/balance?cursor=zzz")
                .then().statusCode(400).body("error.code", equalTo("invalid_cursor"));
        Customer other = Customers.create(0);
        given().header("Authorization", other.bearer()).get("/v1/organizations/" + org + "/balance")
                .then().statusCode(403).body("error.code", equalTo("organization_mismatch"));
    }

    @Test
    void theDatabaseRefusesANegativeBalanceWhateverTheCode() {
        Customer customer = Customers.create(5);
        assertThrows(IllegalStateException.class, () -> db.count(
                "with x as (update organizations set balance = -1 where id = ? returning 1) select count(*) from x",
                customer.organizationId()));
        assertEquals(5, db.balance(customer.organizationId()));
    }

    @Test
    void organizationsCannotBeDeletedOrRenamedSoTheirJobsAndLedgerAlwaysHaveAnOwner() {
        Customer customer = Customers.create(5);
        String org = customer.organizationId();
        IllegalStateException deleted = assertThrows(IllegalStateException.class, () -> db.count(
                "with x as (delete from organizations where id = ? returning 1) select count(*) from x", org));
        assertTrue(deleted.getMessage().contains("cannot be deleted"), deleted.getMessage());
        assertThrows(IllegalStateException.class, () -> db.count(
                "with x as (update organizations set id = 'org_renamed' where id = ? returning 1) select count(*) from x", org));
        assertEquals(5, db.balance(org));
    }
}
