package ai.synapses.transcribe.api.startup;

import ai.synapses.transcribe.egress.SafeHttpClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import javax.net.ssl.SSLException;
import java.net.URI;
import java.util.Optional;

/**
 * Prepares, at start, what a submit needs after its first database statement: the job queue's SDK client
 * and the SDK's request pipeline (marshalling, signing, the HTTP client: ~1,700 classes), and the audio
 * fetcher's TLS (the trust store, a client hello). Without it the first submit of a fresh process loads all
 * of that in series behind its database work; with it a second core does it meanwhile.
 *
 * <p>Nothing leaves the machine: the SDK's pipeline is exercised by a throwaway client whose endpoint is a
 * closed loopback port (the connection is refused at once), with dummy credentials and no retries. The real
 * queue and the real audio hosts see nothing.
 *
 * <p>On a plain start it runs on a thread of its own, so it never delays readiness. Before a SnapStart
 * snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}) it runs inline, so that the snapshot carries
 * its result. {@code transcribe.startup.warm-up=false} turns it off.
 */
@ApplicationScoped
public class RequestPathWarmUp {

    private static final Logger LOG = Logger.getLogger(RequestPathWarmUp.class);
    /** A closed port on loopback: the throwaway client's send is refused before any byte is written. */
    private static final URI NOWHERE = URI.create("http://127.0.0.1:1");

    private final SqsClient sqs;
    private final SafeHttpClient http;

    public RequestPathWarmUp(SqsClient sqs, SafeHttpClient http) {
        this.sqs = sqs;
        this.http = http;
    }

    void onStart(@Observes StartupEvent event, StartupSettings settings) {
        if (!settings.warmUp()) {
            return;
        }
        if ("snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
            run();
        } else {
            Thread thread = new Thread(this::run, "request-path-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Never fails: whatever goes wrong here the first request will simply do itself. */
    void run() {
        long started = System.nanoTime();
        try {
            sqs.serviceName(); // makes the application's client (its proxy creates it on first use)
            sendNowhere();
            http.warmUpTls();
            LOG.debugf("request path warm in %d ms", (System.nanoTime() - started) / 1_000_000);
        } catch (SSLException | RuntimeException | LinkageError e) {
            LOG.debugf("request path warm-up stopped: %s", e.toString());
        }
    }

    private static void sendNowhere() {
        try (SqsClient throwaway = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(NOWHERE)
                .region(Optional.ofNullable(System.getenv("AWS_REGION")).map(Region::of).orElse(Region.US_EAST_1))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("warm-up", "warm-up")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            throwaway.sendMessage(b -> b.queueUrl(NOWHERE + "/000000000000/warm-up").messageBody("{}"));
        } catch (SdkException expected) {
            // refused: the pipeline up to the socket has run
        }
    }
}
