package ai.synapses.transcribe.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Through the operator API: an organisation with a balance no benchmark can exhaust, and a key; then one submit as a check. */
final class Setup {

    /** 10 synapses per submit of the 10 s clip: this covers 10^11 submits. */
    static final long BALANCE = 1_000_000_000_000L;

    private Setup() {
    }

    static void run(Path stateFile) throws Exception {
        State state = State.load(stateFile);
        String api = "http://127.0.0.1:" + state.get("api.port");
        String admin = "Bearer " + state.get("admin.token");
        HttpClient http = Clients.http();

        // ORGS (default 1): every submit debits the same organisation, its balance row the one lock they all queue on;
        // with ORGS=N client i submits for organisation i % N (ORGS=32 with 32 clients: one each; with 128 clients: four
        // each), which shows how much of the figures that one row decides. Made once, for every run.
        int orgs = Math.max(1, Bench.env("ORGS", 1));
        for (int i = 0; i < orgs; i++) {
            String id = field(post(http, api + "/v1/admin/organizations", admin,
                    "{\"name\": \"bench-" + i + "\", \"pricing_multiplier\": 1}", 201), "organization_id");
            String apiKey = field(post(http, api + "/v1/admin/organizations/" + id + "/api-keys", admin,
                    "{\"name\": \"bench\"}", 201), "api_key");
            post(http, api + "/v1/admin/organizations/" + id + "/credits", admin,
                    "{\"amount\": " + BALANCE + ", \"reference\": \"bench\"}", 201);
            state.put("org.id." + i, id).put("api.key." + i, apiKey);
        }
        state.put("org.count", orgs).put("org.id", state.get("org.id.0")).put("api.key", state.get("api.key.0")).save();
        String org = state.get("org.id");
        String key = state.get("api.key");

        String check = post(http, api + "/v1/audio/transcribe", "Bearer " + key,
                ServicePhase.body(org, state.get("audio.url")), 202);
        System.out.println((orgs == 1 ? "organisation " + org : orgs + " organisations") + " with " + BALANCE
                + " synapses and a key; one submit answered 202:");
        System.out.println("  " + (check.length() > 400 ? check.substring(0, 400) + "..." : check));
    }

    private static String post(HttpClient http, String url, String authorization, String json, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + " (expected " + expected + "): "
                    + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
