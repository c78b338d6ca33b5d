package ai.synapses.transcribe.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** The plain clients of the benchmark. */
final class Clients {

    private Clients() {
    }

    /** SQS over the AWS SDK's URL-connection client, as the service is configured. */
    static SqsClient sqs(String endpoint) {
        return SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(10)))
                .build();
    }

    /** HTTP/1.1 with keep-alive connections (the JDK pools them); HTTPS trust from javax.net.ssl.trustStore. */
    static HttpClient http() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static void purge(String endpoint, String queueUrl) {
        try (SqsClient sqs = sqs(endpoint)) {
            sqs.purgeQueue(b -> b.queueUrl(queueUrl));
        }
    }
}
