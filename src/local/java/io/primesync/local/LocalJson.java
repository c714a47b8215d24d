package io.primesync.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.primesync.json.Json;
import java.io.IOException;
import java.util.Map;

/** JSON for the local runtime's own documents (events it builds, responses it reads), with the app's mapper. */
final class LocalJson {
    static final ObjectMapper MAPPER = Json.MAPPER;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private LocalJson() {}

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A JSON object as a map; anything else (an array, a scalar, bad JSON) is an IllegalArgumentException. */
    static Map<String, Object> readMap(byte[] json) {
        try {
            Map<String, Object> map = MAPPER.readValue(json, MAP);
            if (map == null) {
                throw new IllegalArgumentException("null is not a JSON object");
            }
            return map;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }
}
