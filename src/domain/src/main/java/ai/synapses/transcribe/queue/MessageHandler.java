package ai.synapses.transcribe.queue;

import org.jboss.logging.Logger;

/**
 * The consumer of one queue's messages, whatever delivers them: a Lambda SQS batch or a long-polling thread.
 * Blocking: runs on the delivering thread, one message at a time.
 *
 * @param <M> the message a body holds
 */
public interface MessageHandler<M> {

    /** What the queue carries, for logs: "job", "webhook". */
    String kind();

    /** The message in a body; null when the body is not one (a poison message). */
    M parse(String body);

    MessageOutcome process(M message);

    /**
     * One delivered body, read and handled. A poison message is left, never deleted, so the queue's
     * redelivery count takes it to the dead-letter queue where it can be looked at.
     */
    default MessageOutcome handle(String messageId, String body) {
        M message = parse(body);
        if (message == null) {
            Logger.getLogger(MessageHandler.class).errorf("message %s is not a %s message; left for the dead-letter queue",
                    messageId, kind());
            return MessageOutcome.RETRY;
        }
        return process(message);
    }
}
