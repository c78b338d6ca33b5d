package ai.synapses.transcribe.local;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * The key and certificate the loopback test servers present: {@code src/local/tls/localhost.p12}, issued for
 * {@code localhost} and {@code 127.0.0.1} and trusted by the tests through {@code javax.net.ssl.trustStore}.
 */
public final class LoopbackTls {

    /** The system property naming the key store (the parent pom's surefire configuration sets it). */
    public static final String KEYSTORE_PROPERTY = "transcribe.tls.keystore";
    public static final String DEFAULT_PASSWORD = "changeit";

    private LoopbackTls() {
    }

    /** A server-side TLS context presenting the key and certificate of a PKCS#12 key store. */
    public static SSLContext serverContext(Path keyStore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the TLS key store " + keyStore, e);
        }
    }

    /** The default key store's context. */
    public static SSLContext serverContext() throws IOException {
        return serverContext(defaultKeyStore(), DEFAULT_PASSWORD.toCharArray());
    }

    /**
     * The key store named by {@value #KEYSTORE_PROPERTY}, else {@code src/local/tls/localhost.p12} found upwards
     * from the working directory (benchmarks run from the project).
     */
    public static Path defaultKeyStore() throws IOException {
        String configured = System.getProperty(KEYSTORE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("src/local/tls/localhost.p12");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException("no TLS key store: set -D" + KEYSTORE_PROPERTY + " or run from the project (src/local/tls/localhost.p12)");
    }
}
