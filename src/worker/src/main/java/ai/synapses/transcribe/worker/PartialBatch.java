package ai.synapses.transcribe.worker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An SQS batch handled message by message: those not done are reported in {@code batchItemFailures} (the
 * event source mappings have {@code ReportBatchItemFailures}), so one bad message never sends the whole
 * batch back. Shared by the job and webhook functions.
 */
final class PartialBatch {

    private PartialBatch() {
    }

    /** @param done handles one message; false reports it as failed (redelivered, then dead-lettered) */
    static SQSBatchResponse handle(SQSEvent event, Predicate<SQSEvent.SQSMessage> done) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            if (!done.test(record)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
