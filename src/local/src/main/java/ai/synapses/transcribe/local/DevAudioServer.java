package ai.synapses.transcribe.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Dev mode's sample audio on {@code https://localhost:8443/}: the clips in {@code samples/} and, when
 * the checkout sits beside it, {@code ../shared/eval/speech}. So that the service trusts this
 * loopback certificate without losing the public roots, dev mode's fetcher gets a trust store made
 * of the JDK's roots plus the local certificate ({@code transcribe.fetch.trust-store}).
 */
public final class DevAudioServer {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private DevAudioServer() {
    }

    /** The trust store dev mode's fetcher should use: the JDK's roots plus the loopback certificate. */
    public static Path trustStore() {
        Path root = projectRoot().orElseThrow(() -> new IllegalStateException(
                "cannot find src/local/tls above " + Path.of("").toAbsolutePath()));
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "transcribe-local", "dev-truststore.p12");
        try {
            trustLocalCertificate(root.resolve("src/local/tls/truststore.p12"), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static int start(int port) {
        return JvmWide.port("DevAudioServer", () -> {
            Path root = projectRoot().orElseThrow(() -> new IllegalStateException(
                    "cannot find src/local/tls above " + Path.of("").toAbsolutePath()));
            try {
                HttpsFileServer server = HttpsFileServer.start(root.resolve("src/local/tls/localhost.p12"), PASSWORD, port);
                serveDirectory(server, root.resolve("samples"));
                serveDirectory(server, root.resolve("../shared/eval/speech").normalize());
                int actual = server.port();
                return new JvmWide.LocalServerMBean() {
                    @Override
                    public int getPort() {
                        return actual;
                    }

                    @Override
                    public void stop() {
                        server.close();
                    }

                    @Override
                    public void restart() {
                        throw new UnsupportedOperationException();
                    }
                };
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Optional<Path> projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("src/local/tls/localhost.p12"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static void serveDirectory(HttpsFileServer server, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches(".*\\.(wav|mp3|flac|ogg|opus|m4a)"))
                    .forEach(f -> server.serve("/" + f.getFileName(), f));
        }
    }

    private static void trustLocalCertificate(Path localTrustStore, Path file) throws IOException {
        try {
            KeyStore combined = KeyStore.getInstance("PKCS12");
            combined.load(null, PASSWORD);
            KeyStore jdk = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
                jdk.load(in, PASSWORD);
            }
            for (String alias : java.util.Collections.list(jdk.aliases())) {
                if (jdk.isCertificateEntry(alias)) {
                    combined.setCertificateEntry(alias, jdk.getCertificate(alias));
                }
            }
            KeyStore local = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(localTrustStore)) {
                local.load(in, PASSWORD);
            }
            combined.setCertificateEntry("transcribe-localhost", local.getCertificate("localhost"));
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                combined.store(out, PASSWORD);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the dev trust store", e);
        }
    }
}
