package ai.synapses.transcribe.recognition;

import org.vosk.Model;

import java.io.IOException;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Idle {@link WarmRecognizer}s per model, lent to one chunk at a time. There are never more than
 * the recognition threads in use per model, so at most that many are kept (tens of MB each).
 */
final class RecognizerPool implements AutoCloseable {

    private final Map<Model, Deque<WarmRecognizer>> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    WarmRecognizer borrow(Model model) throws IOException {
        WarmRecognizer warm = idle.computeIfAbsent(model, m -> new ConcurrentLinkedDeque<>()).pollFirst();
        return warm != null ? warm : new WarmRecognizer(model);
    }

    /** Recognisers waiting for a chunk, all models together. */
    int idle() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    /** After a chunk that finished: the recogniser is clean and warm. */
    void giveBack(WarmRecognizer recognizer) {
        idle.computeIfAbsent(recognizer.model(), m -> new ConcurrentLinkedDeque<>()).addFirst(recognizer);
        if (closed) {
            closeIdle();
        }
    }

    /** After a chunk that failed half-way: its state is unknown, so it is not lent again. */
    void discard(WarmRecognizer recognizer) {
        recognizer.close();
    }

    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        for (Deque<WarmRecognizer> recognizers : idle.values()) {
            WarmRecognizer recognizer;
            while ((recognizer = recognizers.pollFirst()) != null) {
                recognizer.close();
            }
        }
    }
}
