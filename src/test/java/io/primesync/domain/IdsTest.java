package io.primesync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.domain.Violation;
import io.primesync.http.ApiException;
import io.primesync.http.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdsTest {
    @ParameterizedTest
    @CsvSource({
        "COMPANY_ID,1001,true", "COMPANY_ID,12345678901234567890,true", "COMPANY_ID,123456789012345678901,false",
        "COMPANY_ID,,false", "COMPANY_ID,10a1,false", "COMPANY_ID,-1,false", "COMPANY_ID,' 1',false",
        "PROJECT_ID,2002,true", "PROJECT_ID,2002.5,false",
        "CONTRACT_ID,C-2026.01_a,true", "CONTRACT_ID,-C1,false", "CONTRACT_ID,.C1,false", "CONTRACT_ID,C/1,false",
        "JOB_NUMBER,24-001,true", "JOB_NUMBER,J1234567890123456789012345678901,true",
        "JOB_NUMBER,J12345678901234567890123456789012,false",
        "ITEM_CODE,0100,true", "ITEM_CODE,A123456789,true", "ITEM_CODE,A1234567890,false", "ITEM_CODE,_1,false",
        "PCCO_ID,PCCO-7,true", "PCCO_ID,PCCO 7,false",
    })
    void patterns(Ids.Kind kind, String value, boolean valid) {
        assertEquals(valid, Ids.matches(kind, value));
    }

    @Test
    void sixtyFourIsTheLongestContractAndPccoId() {
        String id64 = "C" + "1".repeat(63);
        assertTrue(Ids.matches(Ids.Kind.CONTRACT_ID, id64));
        assertFalse(Ids.matches(Ids.Kind.CONTRACT_ID, id64 + "1"));
        assertTrue(Ids.matches(Ids.Kind.PCCO_ID, id64));
        assertFalse(Ids.matches(Ids.Kind.PCCO_ID, id64 + "1"));
    }

    @Test
    void newlineAtTheEndIsNotAccepted() {
        assertFalse(Ids.matches(Ids.Kind.COMPANY_ID, "1001\n"));
    }

    @Test
    void requireReturnsTheValue() {
        assertEquals("1001", ApiException.requireId(Ids.Kind.COMPANY_ID, "1001"));
    }

    @Test
    void requireNamesTheField() {
        ApiException e = assertThrows(ApiException.class, () -> ApiException.requireId(Ids.Kind.CONTRACT_ID, "bad id"));
        assertEquals(ErrorCode.VALIDATION_FAILED, e.code());
        assertEquals(List.of(new Violation("contractId",
                "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")), e.violations());
        assertEquals("contractId must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
                e.detail());

        ApiException company = assertThrows(ApiException.class, () -> ApiException.requireId(Ids.Kind.COMPANY_ID, null));
        assertEquals(List.of(new Violation("companyId", "must be 1 to 20 digits")), company.violations());
    }

    @Test
    void idempotencyKeys() {
        assertTrue(Ids.isIdempotencyKey("a"));
        assertTrue(Ids.isIdempotencyKey(" ~!\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}"));
        assertTrue(Ids.isIdempotencyKey("k".repeat(128)));
        assertFalse(Ids.isIdempotencyKey("k".repeat(129)));
        assertFalse(Ids.isIdempotencyKey(""));
        assertFalse(Ids.isIdempotencyKey(null));
        assertFalse(Ids.isIdempotencyKey("tab\there"));
        assertFalse(Ids.isIdempotencyKey("del\u007f"));
        assertFalse(Ids.isIdempotencyKey("café"));
    }
}
