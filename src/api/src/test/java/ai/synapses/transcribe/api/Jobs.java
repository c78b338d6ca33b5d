package ai.synapses.transcribe.api;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import java.util.List;

import static io.restassured.RestAssured.given;

/** A submitted job followed through the status route, as a customer polls it. */
public final class Jobs {

    private Jobs() {
    }

    /** The status answer once the job is completed or failed, or the last one after two minutes. */
    public static ExtractableResponse<Response> awaitFinished(Customers.Customer customer, String id) throws InterruptedException {
        ExtractableResponse<Response> done = null;
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            done = given().header("Authorization", customer.bearer()).get("/v1/audio/transcriptions/" + id)
                    .then().statusCode(200).extract();
            if (List.of("completed", "failed").contains(done.<String>path("data.status"))) {
                break;
            }
            Thread.sleep(250);
        }
        return done;
    }
}
