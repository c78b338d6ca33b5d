package ai.synapses.transcribe.local;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Embedded defaults for {@code quarkus:dev} and tests: when no database or queue is configured,
 * start embedded ones and hand their URLs to Quarkus before the datasource and the SQS client
 * are built. Never active in the prod profile, and this module is never packaged into an app.
 */
public class LocalStackConfigSource implements ConfigSourceFactory {

    /** Below application.properties (250) so anything an operator sets wins. */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean dev = profiles.contains("dev");
        boolean test = profiles.contains("test");
        if (!dev && !test) {
            return List.of();
        }
        Map<String, String> props = new HashMap<>();
        if (!isSet(context, "quarkus.datasource.reactive.url") && !isSet(context, "quarkus.datasource.jdbc.url")) {
            File dataDir = dev ? new File(System.getProperty("java.io.tmpdir"), "transcribe-local/pg15") : null;
            int port = EmbeddedPostgresServer.start(dev ? intValue(context, "transcribe.local.postgres-port", 54329) : 0, dataDir);
            props.put("quarkus.datasource.reactive.url", "vertx-reactive:postgresql://127.0.0.1:" + port + "/postgres");
            props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres");
            props.put("quarkus.datasource.username", "postgres");
            props.put("quarkus.datasource.password", "postgres");
        }
        if (!isSet(context, "quarkus.sqs.endpoint-override") && !isSet(context, "transcribe.queue.url")) {
            int port = EmbeddedQueueServer.start(dev ? intValue(context, "transcribe.local.queue-port", 9324) : 0);
            props.put("quarkus.sqs.endpoint-override", "http://127.0.0.1:" + port);
            // ElasticMQ answers queue URLs on its own host and port
            props.put("transcribe.queue.url", "http://127.0.0.1:" + port + "/000000000000/transcription-jobs");
            props.put("transcribe.queue.create-if-missing", "true");
            if (!isSet(context, "transcribe.webhook.queue-url")) {
                props.put("transcribe.webhook.queue-url", "http://127.0.0.1:" + port + "/000000000000/transcription-webhooks");
            }
        }
        if (dev && intValue(context, "transcribe.local.audio-port", 8443) > 0) {
            DevAudioServer.start(intValue(context, "transcribe.local.audio-port", 8443));
            if (!isSet(context, "transcribe.fetch.trust-store")) {
                props.put("transcribe.fetch.trust-store", DevAudioServer.trustStore().toString());
            }
        }
        return List.of(new PropertiesConfigSource(props, "transcribe-local-stack", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    private static int intValue(ConfigSourceContext context, String name, int fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? fallback : Integer.parseInt(value.getValue().trim());
    }
}
