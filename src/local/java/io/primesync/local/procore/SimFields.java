package io.primesync.local.procore;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reading what a caller sent as Procore reads it: a body that is not JSON is an empty one, a bad number none. */
final class SimFields {
    private SimFields() {}

    /** A request's JSON body; empty or malformed, an empty object (its fields then fail validation). */
    static JsonNode body(byte[] body) {
        if (body.length == 0) {
            return Json.object();
        }
        try {
            return Json.read(body);
        } catch (Json.MalformedJsonException e) {
            return Json.object();
        }
    }

    /** A field's text, or null when it is absent or null. */
    static String text(JsonNode j, String field) {
        JsonNode v = j.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A decimal given as Procore takes one: a string or a JSON number; null when it is neither. */
    static BigDecimal decimal(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            try {
                return new BigDecimal(v.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A query parameter's integer, or {@code otherwise} when it is absent or not one. */
    static int integer(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /**
     * A {@code filters[..._at]} range as Procore documents it: {@code YYYY-MM-DD...YYYY-MM-DD} (whole days, both
     * included) or {@code YYYY-MM-DDTHH:MM:SSZ...YYYY-MM-DDTHH:MM:SSZ} (a date and time with its UTC offset).
     */
    record Range(Instant from, Instant to) {
        static final Range ALL = new Range(Instant.MIN, Instant.MAX);

        /** The range a filter gives; {@link #ALL} without one, null when it is not a range. */
        static Range parse(String filter) {
            if (filter == null) {
                return ALL;
            }
            String[] ends = filter.split("\\.\\.\\.", -1);
            if (ends.length != 2) {
                return null;
            }
            try {
                Instant from = end(ends[0].strip(), false);
                Instant to = end(ends[1].strip(), true);
                return from.isAfter(to) ? null : new Range(from, to);
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        private static Instant end(String text, boolean last) {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return last ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1)
                        : day.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        }

        /** Whether a record's time ({@code updated_at} as written, null when never set) lies within. */
        boolean holds(String at) {
            if (this == ALL) {
                return true;
            }
            if (at == null) {
                return false;
            }
            Instant t = Instant.parse(at);
            return !t.isBefore(from) && !t.isAfter(to);
        }
    }
}
