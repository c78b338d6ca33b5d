package ai.synapses.transcribe.worker;

import ai.synapses.transcribe.queue.MessageHandler;
import ai.synapses.transcribe.queue.MessageOutcome;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * An SQS batch handed to any {@link MessageHandler} message by message: those it does not acknowledge are
 * reported in {@code batchItemFailures} (the event source mappings have {@code ReportBatchItemFailures}), so
 * one bad message never sends the whole batch back; they are redelivered, then dead-lettered.
 */
final class PartialBatch {

    private PartialBatch() {
    }

    static SQSBatchResponse handle(SQSEvent event, MessageHandler<?> handler) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            if (handler.handle(record.getMessageId(), record.getBody()) != MessageOutcome.ACKNOWLEDGE) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
