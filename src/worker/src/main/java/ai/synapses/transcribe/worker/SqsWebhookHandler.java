package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.webhook.WebhookProcessor;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jakarta.inject.Named;

/**
 * The webhook function: the same worker zip deployed a second time with {@code QUARKUS_LAMBDA_HANDLER=webhooks},
 * fed by the webhook queue. A separate function rather than routing by queue ARN in {@link SqsJobHandler}:
 * webhooks need little memory and many concurrent instances, jobs the opposite, and Lambda sizes per
 * function. Waits between attempts are queue delays, so an invocation never sleeps: at most one HTTP
 * attempt (15 s) per message.
 */
@Named("webhooks")
public class SqsWebhookHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final WebhookProcessor processor;

    public SqsWebhookHandler(WebhookProcessor processor) {
        this.processor = processor;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PartialBatch.handle(event, processor);
    }
}
