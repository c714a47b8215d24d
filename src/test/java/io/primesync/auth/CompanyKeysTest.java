package io.primesync.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompanyKeysTest {
    static final String A_NEW = "company-a-secret-new";
    static final String A_OLD = "company-a-secret-old";
    static final String B = "company-b-secret-0001";

    private static List<String> strings(List<byte[]> secrets) {
        return secrets.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void eachCompanyIsVouchedForByItsOwnSecretsOnly() {
        CompanyKeys keys = CompanyKeys.parse("{\"1001\": [\"" + A_NEW + "\", \"" + A_OLD + "\"], \"1002\": \"" + B + "\"}");
        assertEquals(List.of(A_NEW, A_OLD), strings(keys.of("1001")), "both during a rotation, newest first");
        assertEquals(List.of(B), strings(keys.of("1002")));
        assertEquals(List.of(), strings(keys.of("1003")), "a company without secrets has none, not another's");
        assertEquals(List.of(), strings(keys.of(null)));
        assertEquals(List.of(B, A_NEW, A_OLD).stream().sorted().toList(), strings(keys.all()).stream().sorted().toList());
        assertEquals(Optional.of(A_NEW), keys.newest("1001"));
        assertEquals(Optional.empty(), keys.newest("1003"));
        assertEquals(List.of("1001", "1002"), keys.companies());
        assertFalse(keys.hasAnyCompany());
    }

    @Test
    void linesWithACompanyEachAndOneForAnyCompany() {
        CompanyKeys keys = CompanyKeys.parse("1001=" + A_NEW + "\r\n\n 1001 = " + A_OLD + "\nlocal-any-company-secret\n");
        assertEquals(List.of(A_NEW, A_OLD, "local-any-company-secret"), strings(keys.of("1001")));
        assertEquals(List.of("local-any-company-secret"), strings(keys.of("1002")));
        assertTrue(keys.hasAnyCompany());
        assertEquals(Optional.of("local-any-company-secret"), keys.newest("1002"));
        // a secret may hold commas, and an '=' after something that is not a company id
        CompanyKeys plain = CompanyKeys.parse("a,secret=with-signs-and-commas");
        assertEquals(List.of("a,secret=with-signs-and-commas"), strings(plain.of("1")));
    }

    @Test
    void theStarIsAnyCompanyInJson() {
        CompanyKeys keys = CompanyKeys.parse("{\"*\": \"local-any-company-secret\", \"1001\": \"" + A_NEW + "\"}");
        assertTrue(keys.hasAnyCompany());
        assertEquals(List.of(A_NEW, "local-any-company-secret"), strings(keys.of("1001")));
    }

    @Test
    void whatCannotBeReadIsRefusedWithoutQuotingASecret() {
        for (String bad : List.of("", " \n ", "{}", "{\"1001\": []}", "{\"1001\": 7}", "{\"1001\": [\"" + A_NEW + "\", 7]}",
                "{\"acme\": \"" + A_NEW + "\"}", "{\"1001\": \"xyz9\"}", "{\"1001\": \"" + A_NEW + "\"", "1001=xyz9",
                "{\"1001\": \"" + A_NEW + "\", \"1001\": \"" + B + "\"}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompanyKeys.parse(bad), bad);
            assertFalse(e.getMessage().contains(A_NEW) || e.getMessage().contains(B) || e.getMessage().contains("xyz9"),
                    e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CompanyKeys.parse("{\"acme\": \"" + A_NEW + "\"}"))
                .getMessage().contains("\"acme\" is not a company id"));
    }
}
