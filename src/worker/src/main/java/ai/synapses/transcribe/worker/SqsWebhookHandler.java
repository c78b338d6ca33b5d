package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.webhook.WebhookProcessor;
import ai.synapses.transcribe.webhook.WebhookQueueMessage;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jakarta.inject.Named;
import org.jboss.logging.Logger;


/**
 * The webhook function: the same worker zip deployed a second time with {@code QUARKUS_LAMBDA_HANDLER=webhooks},
 * fed by the webhook queue. A separate function rather than routing by queue ARN in {@link SqsJobHandler}:
 * webhooks need little memory and many concurrent instances, jobs the opposite, and Lambda sizes per
 * function. Waits between attempts are queue delays, so an invocation never sleeps: at most one HTTP
 * attempt (15 s) per message.
 */
@Named("webhooks")
public class SqsWebhookHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = Logger.getLogger(SqsWebhookHandler.class);

    private final WebhookProcessor processor;

    public SqsWebhookHandler(WebhookProcessor processor) {
        this.processor = processor;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PartialBatch.handle(event, record -> {
            WebhookQueueMessage message = processor.parse(record.getBody());
            if (message == null) {
                // a poison message: reported, so after maxReceiveCount it lands in the dead-letter queue
                LOG.errorf("message %s is not a webhook message; reported as failed", record.getMessageId());
                return false;
            }
            return processor.process(message) != WebhookProcessor.Outcome.RETRY;
        });
    }
}
