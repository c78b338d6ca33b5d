package ai.synapses.transcribe.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** SQS events exactly as Lambda's event source mapping delivers them, and what the function reports back. */
final class SqsEvents {

    private SqsEvents() {
    }

    /** One record per entry: message id to body, from the queue named {@code queue}. */
    static String event(String queue, Map<String, String> bodies) {
        String records = bodies.entrySet().stream().map(e -> """
                {"messageId": "%s", "receiptHandle": "rh-%s", "body": %s,
                 "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1764140000000",
                                "SenderId": "AIDAEXAMPLE", "ApproximateFirstReceiveTimestamp": "1764140000001"},
                 "messageAttributes": {}, "md5OfBody": "0", "eventSource": "aws:sqs",
                 "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:%s", "awsRegion": "us-east-1"}"""
                .formatted(e.getKey(), e.getKey(), TextNode.valueOf(e.getValue()).toString(), queue))
                .collect(Collectors.joining(","));
        return "{\"Records\": [" + records + "]}";
    }

    /** The message ids the function reported as failed, sorted. */
    static List<String> failures(JsonNode response) {
        return StreamSupport.stream(response.path("batchItemFailures").spliterator(), false)
                .map(f -> f.path("itemIdentifier").asText()).sorted().toList();
    }
}
