package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.processing.JobProcessor;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import jakarta.inject.Named;

/**
 * The job-completion function: SQS delivers a batch, each message is one job for the {@link JobProcessor};
 * a message it does not acknowledge is reported as failed on its own ({@link PartialBatch}).
 */
@Named("jobs")
public class SqsJobHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final JobProcessor processor;

    public SqsJobHandler(JobProcessor processor) {
        this.processor = processor;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PartialBatch.handle(event, processor);
    }
}
