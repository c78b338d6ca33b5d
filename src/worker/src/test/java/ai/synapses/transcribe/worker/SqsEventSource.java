package ai.synapses.transcribe.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Lambda's SQS event source mapping does, on loopback: receives batches from a real (ElasticMQ) queue,
 * invokes the function with them as an SQS event, and deletes every message the answer does not report as
 * failed. An invocation that gets no answer (its process died) deletes nothing, so its messages come back
 * after the queue's visibility time-out, as on AWS.
 */
final class SqsEventSource implements AutoCloseable {

    private final SqsClient sqs;
    private final String queueUrl;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<LocalLambdaRuntime> function = new AtomicReference<>();
    private final AtomicInteger invocations = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private final Thread poller;
    private volatile boolean running = true;

    SqsEventSource(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.poller = new Thread(this::poll, "sqs-event-source");
        poller.setDaemon(true);
        poller.start();
    }

    /** From now on batches go to this function's process (a new sandbox after the last one died). */
    void deliverTo(LocalLambdaRuntime runtime) {
        function.set(runtime);
    }

    int invocations() {
        return invocations.get();
    }

    /** Invocations whose process died before answering. */
    int unanswered() {
        return unanswered.get();
    }

    private void poll() {
        while (running) {
            LocalLambdaRuntime target = function.get();
            if (target == null) {
                sleep();
                continue;
            }
            List<Message> batch;
            try {
                batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            } catch (RuntimeException e) {
                sleep();
                continue;
            }
            if (batch.isEmpty()) {
                continue;
            }
            invocations.incrementAndGet();
            try {
                JsonNode answer = json.readTree(target.invoke(event(batch)).get(120, TimeUnit.SECONDS));
                Set<String> failed = new HashSet<>();
                answer.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
                for (Message m : batch) {
                    if (!failed.contains(m.messageId())) {
                        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                    }
                }
            } catch (Exception e) {
                unanswered.incrementAndGet(); // nothing deleted: the queue delivers the batch again later
            }
        }
    }

    private String event(List<Message> batch) throws Exception {
        ObjectNode event = json.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", m.messageId());
            record.put("receiptHandle", m.receiptHandle());
            record.put("body", m.body());
            ObjectNode attributes = record.putObject("attributes");
            attributes.put("ApproximateReceiveCount", "1");
            attributes.put("SentTimestamp", Long.toString(System.currentTimeMillis()));
            attributes.put("SenderId", "AIDAEXAMPLE");
            attributes.put("ApproximateFirstReceiveTimestamp", Long.toString(System.currentTimeMillis()));
            record.putObject("messageAttributes");
            record.put("md5OfBody", m.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", "arn:aws:sqs:us-east-1:000000000000:transcription-webhooks");
            record.put("awsRegion", "us-east-1");
        }
        return json.writeValueAsString(event);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.interrupt();
        poller.join(5000);
    }
}
