package ai.synapses.transcribe.api.admin;

import ai.synapses.transcribe.api.http.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** {@code Authorization: Bearer $TRANSCRIBE_ADMIN_TOKEN}, compared in constant time. */
@ApplicationScoped
public class AdminAuth {

    private final AdminSettings settings;

    public AdminAuth(AdminSettings settings) {
        this.settings = settings;
    }

    public void require(String authorization) {
        String token = settings.token().filter(t -> !t.isBlank()).orElseThrow(() -> new ApiProblem(403,
                "admin_api_disabled", "the operator API is disabled: set TRANSCRIBE_ADMIN_TOKEN to enable it", null));
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiProblem(401, "invalid_admin_token", "send the operator token as 'Authorization: Bearer <token>'",
                    "Authorization");
        }
    }
}
