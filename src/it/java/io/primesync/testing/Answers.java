package io.primesync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the tests check of every answer: a problem of the contract, the result of a webhook, reasons, violations. */
public final class Answers {
    private Answers() {}

    public static void assertApplied(Response response) {
        assertResult(response, "applied");
    }

    public static void assertResult(Response response, String result) {
        assertEquals(200, response.status(), response.body());
        assertEquals("application/json", response.header("Content-Type"));
        assertEquals(result, response.json().path("result").asText(), response.body());
        assertFalse(response.json().path("id").asText().isEmpty(), response.body());
    }

    /**
     * Asserts an RFC 9457 problem of the contract: status, content type, type, title, status, detail and code.
     * Returns the body for further checks (reasons, violations).
     */
    public static JsonNode assertProblem(Response response, int status, String code) {
        assertEquals(status, response.status(), response.body());
        assertEquals("application/problem+json", response.header("Content-Type"), response.body());
        JsonNode body = response.json();
        assertEquals("https://primesync.io/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'),
                body.path("type").asText(), response.body());
        assertTrue(body.path("title").isTextual() && !body.path("title").asText().isBlank(), response.body());
        assertEquals(status, body.path("status").asInt(), response.body());
        assertTrue(body.path("detail").isTextual() && !body.path("detail").asText().isBlank(), response.body());
        assertEquals(code, body.path("code").asText(), response.body());
        return body;
    }

    /** The codes of a problem's or a summary's reasons, in order. */
    public static List<String> reasonCodes(JsonNode reasons) {
        List<String> codes = new ArrayList<>();
        for (JsonNode reason : reasons) {
            codes.add(reason.path("code").asText());
            assertFalse(reason.path("message").asText().isBlank(), "every reason has a message: " + reason);
        }
        return codes;
    }

    /** The fields of a problem's violations, in order. */
    public static List<String> violationFields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        for (JsonNode violation : problem.path("violations")) {
            fields.add(violation.path("field").asText());
            assertFalse(violation.path("message").asText().isBlank(), "every violation has a message: " + violation);
        }
        return fields;
    }

    /** The elements of a JSON array of strings. */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            out.add(item.asText());
        }
        return out;
    }

    public static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : array) {
            out.add(item.path(field).asText());
        }
        return out;
    }
}
