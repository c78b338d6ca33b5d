package ai.synapses.transcribe.api;

import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import ai.synapses.transcribe.queue.MessageOutcome;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker processes for fault tests: each thread does what {@code QueuePoller} does (receive, the real
 * {@link JobProcessor}, delete when acknowledged) against the real queue and database, and can be told
 * to deliver a message twice at once, as SQS may. A short visibility time-out brings back messages a
 * worker left (a fault of ours) within seconds instead of SQS's default 30.
 */
public final class TestWorker implements AutoCloseable {

    private final SqsClient sqs;
    private final String queueUrl;
    private final JobProcessor processor;
    private final double duplicateRate;
    private final Random random;
    private final ExecutorService threads;
    private final ExecutorService duplicates = Executors.newCachedThreadPool();
    private volatile boolean running = true;
    public final AtomicInteger processed = new AtomicInteger();
    public final AtomicInteger duplicated = new AtomicInteger();
    public final AtomicInteger retried = new AtomicInteger();

    public TestWorker(SqsClient sqs, String queueUrl, JobProcessor processor, int workers, double duplicateRate, long seed) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.processor = processor;
        this.duplicateRate = duplicateRate;
        this.random = new Random(seed);
        this.threads = Executors.newFixedThreadPool(workers);
        for (int i = 0; i < workers; i++) {
            threads.submit(this::loop);
        }
    }

    private void loop() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1)
                        .waitTimeSeconds(1).visibilityTimeout(5)).messages();
                for (Message message : messages) {
                    handle(message);
                }
            } catch (RuntimeException queueDown) {
                sleep(200);
            }
        }
    }

    private void handle(Message message) {
        JobMessage job = processor.parse(message.body());
        if (job == null) {
            return;
        }
        boolean twice;
        synchronized (random) {
            twice = random.nextDouble() < duplicateRate;
        }
        MessageOutcome outcome;
        if (twice) {
            duplicated.incrementAndGet();
            CompletableFuture<MessageOutcome> other = CompletableFuture.supplyAsync(() -> processor.process(job), duplicates);
            MessageOutcome mine = processor.process(job);
            MessageOutcome theirs = other.join();
            outcome = mine == MessageOutcome.ACKNOWLEDGE && theirs == MessageOutcome.ACKNOWLEDGE
                    ? MessageOutcome.ACKNOWLEDGE : MessageOutcome.RETRY;
        } else {
            outcome = processor.process(job);
        }
        processed.incrementAndGet();
        if (outcome == MessageOutcome.ACKNOWLEDGE) {
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        } else {
            retried.incrementAndGet();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        threads.shutdown();
        threads.awaitTermination(60, TimeUnit.SECONDS);
        duplicates.shutdownNow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
