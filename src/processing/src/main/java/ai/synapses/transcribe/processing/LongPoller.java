package ai.synapses.transcribe.processing;

import ai.synapses.transcribe.queue.MessageHandler;
import ai.synapses.transcribe.queue.MessageOutcome;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The receive loop of any {@link MessageHandler} outside Lambda: threads that long-poll one queue, one
 * message at a time, and delete a message only when its handler acknowledges it (otherwise SQS delivers
 * it again after its visibility time-out, and in the end to the dead-letter queue).
 */
final class LongPoller {

    private static final Logger LOG = Logger.getLogger(LongPoller.class);

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueName;
    private final int waitSeconds;
    private final MessageHandler<?> handler;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    LongPoller(SqsClient sqs, String queueUrl, String queueName, Duration wait, MessageHandler<?> handler) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueName = queueName;
        this.waitSeconds = (int) Math.min(20, wait.toSeconds()); // SQS's longest long poll
        this.handler = handler;
    }

    void start(String threadName, int count) {
        running = true;
        for (int i = 1; i <= count; i++) {
            Thread thread = new Thread(this::loop, count == 1 ? threadName : threadName + "-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
    }

    private void loop() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(1)
                        .waitTimeSeconds(waitSeconds)).messages();
                for (Message message : messages) {
                    if (handler.handle(message.messageId(), message.body()) == MessageOutcome.ACKNOWLEDGE) {
                        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("receiving from the %s failed (%s); retrying in 2 s", queueName, e.getMessage());
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
