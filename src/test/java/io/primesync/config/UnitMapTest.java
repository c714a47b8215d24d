package io.primesync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitMapTest {
    private static UnitMap read(String value) {
        return UnitMap.read(new Settings(Map.of("PROCORE_UNIT_MAP", value)::get), "PROCORE_UNIT_MAP");
    }

    @Test
    void oneMapForEveryCompanyOrOnePerCompany() {
        assertEquals("SQFT", UnitMap.read(new Settings(Map.<String, String>of()::get), "PROCORE_UNIT_MAP")
                .forCompany("1001").apply("SQFT"), "unset: units go as Spectrum names them");
        UnitMap every = read("{\"SQFT\": \"SF\", \"Each\": \"EA\"}");
        assertEquals("SF", every.forCompany("1001").apply("SQFT"));
        assertEquals("EA", every.forCompany("1002").apply("Each"));
        assertEquals("CY", every.forCompany("1001").apply("CY"), "a unit the map does not name goes as it is");
        UnitMap each = read("{\"*\": {\"SQFT\": \"SF\"}, \"1002\": {\"M3\": \"CY\"}}");
        assertEquals("SF", each.forCompany("1001").apply("SQFT"));
        assertEquals("CY", each.forCompany("1002").apply("M3"));
        assertEquals("SQFT", each.forCompany("1002").apply("SQFT"), "a company's own map replaces the one for all");
    }

    @Test
    void aMapItCannotReadStopsTheFunctionWithItsName() {
        for (String bad : List.of("SF", "[\"SF\"]", "{\"SQFT\": 3}", "{\"SQFT\": \"\"}", "{\"*\": {\"A\": \"B\"},"
                + " \"1002\": \"EA\"}", "{\"acme\": {\"A\": \"B\"}}", "{\"SQFT\": ")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> read(bad), bad);
            assertTrue(e.getMessage().startsWith("PROCORE_UNIT_MAP"), e.getMessage());
        }
    }
}
