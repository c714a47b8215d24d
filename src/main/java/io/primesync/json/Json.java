package io.primesync.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The one Jackson mapper of the application, configured once.
 *
 * <p>Responses are built as explicit {@link ObjectNode}s or maps, so a field the API calls optional is
 * left out by not putting it, and a field the API says may be {@code null} is written as {@code null}.
 * That is why the mapper keeps the default inclusion instead of dropping nulls globally.
 */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            // decimals stay exact: a quantity of 2.10 must not become the double 2.1
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "{}garbage" is not valid JSON, and a signed body with a key given twice is ambiguous
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // only a programming error gets here: every response body is built from plain nodes and maps
            throw new IllegalStateException("response body cannot be written as JSON", e);
        }
    }

    /** Input that is not one JSON value: the sender's error, told without naming the parser or echoing the input. */
    public static final class MalformedJsonException extends RuntimeException {
        MalformedJsonException() {
            super("not valid JSON", null, false, false);
        }
    }

    /** Parses a body or a stored document; malformed input throws {@link MalformedJsonException}. */
    public static JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            throw notJson();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw notJson();
            }
            return node;
        } catch (IOException e) {
            throw notJson();
        }
    }

    private static MalformedJsonException notJson() {
        return new MalformedJsonException();
    }
}
