package ai.synapses.transcribe.api.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * API Gateway HTTP API (payload format 2.0) events, shaped as API Gateway sends them to a Lambda:
 * lower-case header names, the route key of template.yaml, path parameters, a request context.
 */
final class HttpApiEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpApiEvents() {
    }

    /**
     * @param routeKey  the template's route, e.g. {@code GET /v1/audio/transcriptions/{transcription_id}}
     * @param rawPath   the path the client asked for
     * @param query     raw query string ("" for none)
     * @param headers   request headers (names are lower-cased, as API Gateway does)
     * @param body      the body, or null
     */
    static String event(String routeKey, String rawPath, String query, Map<String, String> headers, String body,
                        Map<String, String> pathParameters) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", rawPath);
        event.put("rawQueryString", query);
        ObjectNode h = event.putObject("headers");
        h.put("host", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com");
        h.put("user-agent", "curl/8.5.0");
        h.put("x-forwarded-for", "203.0.113.7");
        h.put("x-forwarded-proto", "https");
        h.put("x-forwarded-port", "443");
        h.put("x-amzn-trace-id", "Root=1-6745a1b2-0123456789abcdef01234567");
        headers.forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v));
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        if (!pathParameters.isEmpty()) {
            ObjectNode p = event.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("accountId", "123456789012");
        ctx.put("apiId", "a1b2c3d4e5");
        ctx.put("domainName", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com");
        ctx.put("domainPrefix", "a1b2c3d4e5");
        ObjectNode http = ctx.putObject("http");
        http.put("method", routeKey.substring(0, routeKey.indexOf(' ')));
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "203.0.113.7");
        http.put("userAgent", "curl/8.5.0");
        ctx.put("requestId", "JKJaXmPLvHcESHA=" + UUID.randomUUID().toString().substring(0, 8));
        ctx.put("routeKey", routeKey);
        ctx.put("stage", "$default");
        ctx.put("time", "26/Nov/2026:10:00:00 +0000");
        ctx.put("timeEpoch", Instant.now().toEpochMilli());
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event.toString();
    }
}
