package ai.synapses.transcribe.logging;

import org.jboss.logging.MDC;

import java.util.HashMap;
import java.util.Map;

/**
 * The keys every log line about a request or a job carries (JSON logs show them as fields), so an
 * operator can search by any of them. On the request path Quarkus keeps the MDC in the request's
 * Vert.x context, so the values follow the reactive chain; on a worker thread they are thread-local
 * and {@link #clear()} ends them with the job.
 */
public final class LogContext {

    public static final String REQUEST_ID = "request_id";
    public static final String TRANSCRIPTION_ID = "transcription_id";
    public static final String ORGANIZATION_ID = "organization_id";

    private LogContext() {
    }

    public static void requestId(String id) {
        put(REQUEST_ID, id);
    }

    public static void transcriptionId(String id) {
        put(TRANSCRIPTION_ID, id);
    }

    public static void organizationId(String id) {
        put(ORGANIZATION_ID, id);
    }

    /** This thread's values, to carry a job's context onto the threads that do parts of it ({@link #restore}). */
    public static Map<String, Object> capture() {
        Map<String, Object> values = new HashMap<>();
        for (String key : new String[] {REQUEST_ID, TRANSCRIPTION_ID, ORGANIZATION_ID}) {
            Object value = MDC.get(key);
            if (value != null) {
                values.put(key, value);
            }
        }
        return values;
    }

    public static void restore(Map<String, Object> captured) {
        captured.forEach(MDC::put);
    }

    public static void clear() {
        MDC.remove(REQUEST_ID);
        MDC.remove(TRANSCRIPTION_ID);
        MDC.remove(ORGANIZATION_ID);
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }
}
