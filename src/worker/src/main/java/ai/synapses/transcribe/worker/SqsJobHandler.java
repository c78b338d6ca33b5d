package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.processing.JobProcessor;
import ai.synapses.transcribe.queue.JobMessage;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

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
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            JobMessage message = processor.parse(record.getBody());
            if (message == null) {
                // a poison message: report it, so after maxReceiveCount it lands in the dead-letter queue
                LOG.errorf("message %s is not a job message; reported as failed", record.getMessageId());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                continue;
            }
            if (processor.process(message) == JobProcessor.Outcome.RETRY) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
