package ai.synapses.transcribe.organization;

import ai.synapses.transcribe.id.Ids;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Issues, revokes and checks API keys. A key is {@code sk_live_} + 40 random base-62 characters. Keys found valid are
 * remembered for {@code transcribe.api-keys.cache-ttl} (by their hash, never the secret): every request of every
 * customer starts with this check, and most come with a key checked moments ago. Unknown and revoked keys are never
 * remembered, so a new key works at once and a guessed one always costs a look-up.
 */
@ApplicationScoped
public class ApiKeys {

    private static final String KEY_PREFIX = "sk_live_";

    private final Pool pool;
    private final Cache<String, Caller> valid;

    public ApiKeys(Pool pool, ApiKeySettings settings) {
        this.pool = pool;
        this.valid = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(settings.cacheSize()).build();
    }

    /** A freshly issued key: {@code secret} is returned to the caller once and never stored. */
    public record IssuedKey(ApiKey key, String secret) {
    }

    /** Who a valid key speaks for. */
    public record Caller(String organizationId, String keyId) {
    }

    public Uni<IssuedKey> issue(String organizationId, String name) {
        return issue(organizationId, name, KEY_PREFIX + Ids.random(40));
    }

    /** Issues a key with a given secret (the dev profile's demo key); otherwise use {@link #issue(String, String)}. */
    public Uni<IssuedKey> issue(String organizationId, String name, String secret) {
        ApiKey key = new ApiKey();
        key.id = Ids.newId(Ids.API_KEY);
        key.organizationId = organizationId;
        key.keyHash = hash(secret);
        key.keyPrefix = secret.substring(0, Math.min(secret.length(), KEY_PREFIX.length() + 4));
        key.name = name;
        key.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        return key.<ApiKey>persist().map(saved -> new IssuedKey(saved, secret));
    }

    /** Revokes a key of the organisation; empty when there is no such key. Revoking twice is harmless. */
    public Uni<Optional<ApiKey>> revoke(String organizationId, String keyId) {
        return ApiKey.<ApiKey>find("id = ?1 and organizationId = ?2", keyId, organizationId).firstResult()
                .map(key -> {
                    if (key != null && key.revokedAt == null) {
                        key.revokedAt = OffsetDateTime.now(ZoneOffset.UTC);
                    }
                    if (key != null) {
                        valid.invalidate(key.keyHash);
                    }
                    return Optional.ofNullable(key);
                });
    }

    /** The caller behind a presented secret, if the key exists and is not revoked. */
    public Uni<Optional<Caller>> authenticate(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 200) {
            return Uni.createFrom().item(Optional.empty());
        }
        String hash = hash(secret);
        Caller known = valid.getIfPresent(hash);
        if (known != null) {
            return Uni.createFrom().item(Optional.of(known));
        }
        // on the pool, not a Panache session: every request of every customer starts here
        return pool.preparedQuery("select id, organization_id from api_keys where key_hash = $1 and revoked_at is null")
                .execute(Tuple.of(hash))
                .map(rows -> rows.size() == 0 ? Optional.<Caller>empty()
                        : Optional.of(rows.iterator().next()).map(row -> new Caller(row.getString(1), row.getString(0))))
                .invoke(caller -> caller.ifPresent(found -> valid.put(hash, found)));
    }

    static String hash(String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
