package io.primesync.local.procore;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import java.math.BigDecimal;

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
}
