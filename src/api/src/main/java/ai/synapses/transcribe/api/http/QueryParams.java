package ai.synapses.transcribe.api.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

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

    /**
     * An ISO-8601 instant: a date-time with its offset ({@code 2026-11-26T10:15:00Z}, {@code 2026-11-26T11:15:00+01:00})
     * or a date ({@code 2026-11-26}, its midnight UTC); empty when absent; {@code code} otherwise.
     */
    public static Optional<OffsetDateTime> timestamp(String value, String code, String field) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notADateTime) {
            try {
                return Optional.of(LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC));
            } catch (DateTimeParseException notADate) {
                throw ApiProblem.badRequest(code, field
                        + " must be an ISO-8601 date-time with its offset, such as 2026-11-26T10:15:00Z, or a date, such as 2026-11-26",
                        field);
            }
        }
    }

    /** A value as it goes into a query string. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
