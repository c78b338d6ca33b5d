package ai.synapses.transcribe.api.http;


/** Query parameters read the same way on every route: absent means the default, anything else must be in range. */
public final class QueryParams {

    private QueryParams() {
    }

    public static int boundedInt(String value, int fallback, int min, int max, String code, String field) {
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw ApiProblem.badRequest(code, field + " must be an integer from " + min + " to " + max, field);
    }

    /** The page size of list routes: 1 to 200, 20 when absent. */
    public static int limit(String value) {
        return boundedInt(value, 20, 1, 200, "invalid_limit", "limit");
    }
}
