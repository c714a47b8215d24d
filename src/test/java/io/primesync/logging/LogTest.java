package io.primesync.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.primesync.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every line is one JSON object with what Lambda's JSON log format and a reader joining lines need. */
public class LogTest {
    public static List<JsonNode> capturedLines(Runnable work) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream before = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(before);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().map(l -> Json.read(l.getBytes(StandardCharsets.UTF_8)))
                .toList();
    }

    @Test
    void aLineCarriesTimestampLevelAndBothRequestIdsAndTheFieldsOfItsScope() {
        List<JsonNode> lines = capturedLines(() -> {
            try (Log.Scope ignored = Log.begin("aws-req-1", "api-req-1")) {
                Log.with("companyId", "1001");
                Log.info("request", "status", 200, "durationMs", 1.5, "route", "/x");
            }
            Log.warn("outside any scope");
        });
        JsonNode line = lines.get(0);
        assertTrue(Instant.parse(line.get("timestamp").asText()).isBefore(Instant.now().plusSeconds(1)));
        assertEquals("INFO", line.get("level").asText());
        assertEquals("request", line.get("message").asText());
        assertEquals("aws-req-1", line.get("requestId").asText());
        assertEquals("api-req-1", line.get("apiRequestId").asText());
        assertEquals("1001", line.get("companyId").asText());
        assertEquals(200, line.get("status").asInt());
        assertEquals(1.5, line.get("durationMs").asDouble());
        JsonNode after = lines.get(1);
        assertEquals("WARN", after.get("level").asText());
        assertFalse(after.has("requestId"), "a closed scope leaves nothing behind");
        assertFalse(after.has("companyId"));
    }

    @Test
    void anErrorNamesItsTypeAndFrameButNoTrace() {
        JsonNode line = capturedLines(() -> Log.error("store call failed", new IllegalStateException("boom"))).get(0);
        assertEquals("ERROR", line.get("level").asText());
        assertEquals("java.lang.IllegalStateException", line.get("error").asText());
        assertEquals("boom", line.get("detail").asText());
        assertTrue(line.get("at").asText().contains("LogTest"));
        assertFalse(line.toString().contains("\\n\\tat "), "no stack trace");
    }

    @Test
    void theSdksWarningsAreJsonLinesAndItsDebugIsDropped() {
        List<JsonNode> lines = capturedLines(() -> {
            var logger = LoggerFactory.getLogger("software.amazon.awssdk.request");
            logger.debug("sending {}", "request");
            logger.info("informational");
            logger.warn("retrying {} after {}", "GetItem", "a throttle");
        });
        assertEquals(1, lines.size(), lines.toString());
        assertEquals("WARN", lines.get(0).get("level").asText());
        assertEquals("retrying GetItem after a throttle", lines.get(0).get("message").asText());
        assertEquals("software.amazon.awssdk.request", lines.get(0).get("logger").asText());
    }
}
