package io.primesync.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
    record Expected(int erpVersion) {}

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAnObject() {
        JsonNode node = Json.read(utf8("{\"id\":\"evt_1\",\"n\":3}"));
        assertEquals("evt_1", node.get("id").textValue());
        assertEquals(3, node.get("n").intValue());
    }

    @Test
    void keepsDecimalsExact() {
        JsonNode node = Json.read(utf8("{\"q\":2.10,\"big\":0.1000000000000000055511151231257827}"));
        assertTrue(node.get("q").isBigDecimal());
        assertEquals(new BigDecimal("2.10"), node.get("q").decimalValue());
        assertEquals(new BigDecimal("0.1000000000000000055511151231257827"), node.get("big").decimalValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "{\"a\":1}garbage", "{\"a\":1,\"a\":2}", "nul", "{'a':1}",
            "\u0000"})
    void refusesMalformedJsonWithoutNamingTheParser(String body) {
        Json.MalformedJsonException e = assertThrows(Json.MalformedJsonException.class, () -> Json.read(utf8(body)));
        assertEquals("not valid JSON", e.getMessage());
        assertEquals(0, e.getStackTrace().length, "an expected outcome carries no stack trace");
    }

    @Test
    void refusesNullBody() {
        assertThrows(Json.MalformedJsonException.class, () -> Json.read(null));
    }

    @Test
    void ignoresUnknownPropertiesWhenBinding() throws Exception {
        Expected bound = Json.MAPPER.readValue("{\"erpVersion\":4,\"extra\":true}", Expected.class);
        assertEquals(4, bound.erpVersion());
    }

    @Test
    void writesExplicitNullsAndOmitsWhatIsNotPut() {
        ObjectNode body = Json.object();
        body.put("contractId", "C-1");
        body.putNull("nextCursor");
        assertEquals("{\"contractId\":\"C-1\",\"nextCursor\":null}", Json.write(body));

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("syncedErpVersion", null);
        assertEquals("{\"syncedErpVersion\":null}", Json.write(map));
    }

    @Test
    void writesDecimalsPlain() {
        assertEquals("[1000,0.00000010]", Json.write(new BigDecimal[] {new BigDecimal("1E+3"), new BigDecimal("1.0E-7")}));
    }
}
