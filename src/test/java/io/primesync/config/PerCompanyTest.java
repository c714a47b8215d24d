package io.primesync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerCompanyTest {
    private static final List<String> ALLOWED = List.of("unlock", "refuse");

    private static PerCompany read(Map<String, String> env) {
        return PerCompany.read(new Settings(env::get), "PROCORE_LOCKED_SOV", "unlock", ALLOWED);
    }

    @Test
    void oneValueForEveryCompanyOrOnePerCompanyWithADefault() {
        assertEquals("unlock", read(Map.of()).forCompany("1001"), "unset: the default");
        assertEquals("refuse", read(Map.of("PROCORE_LOCKED_SOV", " Refuse ")).forCompany("1001"));
        PerCompany each = read(Map.of("PROCORE_LOCKED_SOV", "{\"*\": \"refuse\", \"1001\": \"unlock\"}"));
        assertEquals("unlock", each.forCompany("1001"));
        assertEquals("refuse", each.forCompany("1002"));
        assertEquals("unlock", read(Map.of("PROCORE_LOCKED_SOV", "{\"1002\": \"refuse\"}")).forCompany("1001"),
                "no * : the default for the others");
    }

    @Test
    void aCompanysChoiceMayBeNarrowedToOneOfItsProjects() {
        PerCompany each = read(Map.of("PROCORE_LOCKED_SOV", "{\"1001\": \"unlock\", \"1001/2013\": \"refuse\"}"));
        assertEquals("refuse", each.forProject("1001", "2013"));
        assertEquals("unlock", each.forProject("1001", "2002"), "the company's own for its other projects");
        assertEquals("unlock", each.forProject("1002", "2013"), "another company's project 2013 is not 1001's");
        assertEquals("unlock", each.forProject("1001", null));
        assertEquals("unlock", each.forCompany("1001"));
    }

    @Test
    void aValueTheSettingDoesNotTakeStopsTheFunctionWithItsName() {
        for (String bad : List.of("maybe", "{\"1001\": \"maybe\"}", "{\"acme\": \"refuse\"}", "{\"1001/\": \"refuse\"}", "{\"1001\": ")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> read(Map.of("PROCORE_LOCKED_SOV", bad)), bad);
            assertTrue(e.getMessage().startsWith("PROCORE_LOCKED_SOV"), e.getMessage());
        }
    }
}
