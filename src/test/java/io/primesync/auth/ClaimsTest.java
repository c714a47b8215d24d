package io.primesync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimsTest {
    private static void assertMalformed(Object permissions) {
        ApiException e = assertThrows(ApiException.class, () -> Claims.toCaller("user-7", permissions));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals("The token has malformed permissions", e.detail());
    }

    @Test
    void readsCompanyAndProjectLevels() {
        Caller caller = Claims.toCaller("user-7", Map.of(
                "companies", Map.of("1001", Map.of("erp_integrations", "admin"), "1002", Map.of("erp_integrations", "read_only")),
                "projects", Map.of("2002", Map.of("prime_contracts", "standard"))));
        assertEquals("user-7", caller.userId());
        assertEquals(Map.of("1001", Map.of("erp_integrations", Level.ADMIN), "1002", Map.of("erp_integrations", Level.READ_ONLY)),
                caller.companies());
        assertEquals(Map.of("2002", Map.of("prime_contracts", Level.STANDARD)), caller.projects());
    }

    @Test
    void unknownLevelsGrantNothing() {
        Caller caller = Claims.toCaller("u", Map.of("companies", Map.of("1001", Map.of("erp_integrations", "superuser"))));
        assertEquals(Level.NONE, caller.companyLevel("1001", Caller.ERP_INTEGRATIONS));
        assertEquals(Map.of("1001", Map.of("erp_integrations", Level.NONE)), caller.companies());
    }

    @Test
    void unknownToolsAndKeysAreIgnored() {
        Caller caller = Claims.toCaller("u", Map.of(
                "companies", Map.of("1001", Map.of("documents", "admin", "erp_integrations", "standard")),
                "groups", List.of("x")));
        assertEquals(Map.of("1001", Map.of("erp_integrations", Level.STANDARD)), caller.companies());
        assertEquals(Map.of(), caller.projects());
    }

    @Test
    void noPermissionsGrantsNothing() {
        Caller caller = Claims.toCaller("u", null);
        assertEquals(Map.of(), caller.companies());
        assertEquals(Map.of(), caller.projects());
        assertEquals(Map.of(), Claims.toCaller("u", Map.of()).companies());
    }

    @Test
    void malformedShapes() {
        assertMalformed("admin");
        assertMalformed(List.of());
        assertMalformed(Map.of("companies", List.of("1001")));
        assertMalformed(Map.of("companies", "1001"));
        assertMalformed(Map.of("projects", Map.of("2002", "admin")));
        assertMalformed(Map.of("projects", Map.of("2002", List.of("prime_contracts"))));
        assertMalformed(Map.of("companies", Map.of("1001", Map.of("erp_integrations", 3))));
        assertMalformed(Map.of("companies", Map.of("1001", Map.of("erp_integrations", Map.of("level", "admin")))));
        assertMalformed(Map.of("companies", Map.of(1001, Map.of("erp_integrations", "admin"))));
    }

    @Test
    void jsonNullLevelIsMalformed() {
        Map<String, Object> tools = new HashMap<>();
        tools.put("erp_integrations", null);
        assertMalformed(Map.of("companies", Map.of("1001", tools)));
    }

    @Test
    void subIsRequired() {
        for (String sub : new String[] {null, "", "  ", "a\nb", "x".repeat(257)}) {
            ApiException e = assertThrows(ApiException.class, () -> Claims.toCaller(sub, Map.of()));
            assertEquals(ErrorCode.UNAUTHORIZED, e.code());
            assertEquals("The token has no valid subject", e.detail());
        }
        assertEquals("x".repeat(256), Claims.toCaller("x".repeat(256), null).userId());
    }

    @Test
    void toClaimLeavesOutWhatGrantsNothing() {
        Caller caller = new Caller("u",
                Map.of("1001", Map.of("erp_integrations", Level.ADMIN), "1002", Map.of("erp_integrations", Level.NONE)),
                Map.of("2002", Map.of("prime_contracts", Level.READ_ONLY)));
        assertEquals(Map.of(
                "companies", Map.of("1001", Map.of("erp_integrations", "admin")),
                "projects", Map.of("2002", Map.of("prime_contracts", "read_only"))), Claims.toClaim(caller));
    }
}
