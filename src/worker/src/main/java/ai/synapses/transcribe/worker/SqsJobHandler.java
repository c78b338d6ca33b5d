package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jakarta.inject.Named;
import org.jboss.logging.Logger;


/**
 * The job-completion function: SQS delivers a batch, each message is one job. Messages are handled
 * one by one and a failed one is reported in {@code batchItemFailures} (the event source mapping has
 * {@code ReportBatchItemFailures}), so one bad message never sends the whole batch back.
 */
@Named("jobs")
public class SqsJobHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = Logger.getLogger(SqsJobHandler.class);

    private final JobProcessor processor;

    public SqsJobHandler(JobProcessor processor) {
        this.processor = processor;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PartialBatch.handle(event, record -> {
            JobMessage message = processor.parse(record.getBody());
            if (message == null) {
                // a poison message: reported, so after maxReceiveCount it lands in the dead-letter queue
                LOG.errorf("message %s is not a job message; reported as failed", record.getMessageId());
                return false;
            }
            return processor.process(message) != JobProcessor.Outcome.RETRY;
        });
    }
}
