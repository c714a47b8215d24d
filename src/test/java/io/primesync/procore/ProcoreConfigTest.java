package io.primesync.procore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Procore's settings: page sizes, one for all lists or one per list, since Procore caps pages per endpoint. */
class ProcoreConfigTest {
    private static ProcoreConfig config(String pageSize) {
        Map<String, String> env = new HashMap<>(Map.of(ProcoreConfig.API_URL, "https://api.procore.com",
                ProcoreConfig.LOGIN_URL, "https://login.procore.com", ProcoreConfig.CLIENT_ID, "client"));
        if (pageSize != null) {
            env.put(ProcoreConfig.PAGE_SIZE, pageSize);
        }
        return ProcoreConfig.from(env::get, () -> "secret");
    }

    @Test
    void onePageSizeForEveryListOrOnePerList() {
        assertEquals(1000, config(null).pageSize("GET /projects"));
        assertEquals(250, config("250").pageSize("GET /prime_contracts"));
        ProcoreConfig perList = config("{\"*\": 500, \"GET /projects\": 300}");
        assertEquals(300, perList.pageSize("GET /projects"));
        assertEquals(500, perList.pageSize("GET /prime_contracts/{id}/line_items"));
        assertEquals(1000, config("{\"GET /projects\": 300}").pageSize("GET /prime_contracts"));
    }

    @Test
    void aPageSizeOutOfRangeOrAKeyThatIsNoListStopsTheFunctionWithWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("{\"GET /projects\": 0}")).getMessage()
                .contains("GET /projects"));
        assertTrue(assertThrows(IllegalStateException.class, () -> config("{\"projects\": 300}")).getMessage()
                .contains("neither * nor a list's route"));
        assertTrue(assertThrows(IllegalStateException.class, () -> config("{\"GET /projects\": \"many\"}")).getMessage()
                .contains("not a whole number"));
        assertThrows(IllegalStateException.class, () -> config("{oops"));
    }
}
