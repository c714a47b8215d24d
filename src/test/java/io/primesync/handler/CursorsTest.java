package io.primesync.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.primesync.http.ApiException;
import org.junit.jupiter.api.Test;

class CursorsTest {
    @Test
    void noCursorIsTheFirstPage() {
        assertNull(Cursors.contractsPosition(null));
        assertNull(Cursors.historyPosition(null, k -> true));
    }

    @Test
    void aCursorLeadsBackToWhereThePageEnded() {
        assertEquals("PC-24017", Cursors.contractsPosition(Cursors.contracts("PC-24017")));
        String sortKey = "SYNC#1764000000000#0b6f1a52-3c1e-4d0e-9a57-6b0f0d3c2a11";
        assertEquals(sortKey, Cursors.historyPosition(Cursors.history(sortKey), sortKey::equals));
        assertThrows(ApiException.class, () -> Cursors.historyPosition(Cursors.history(sortKey), k -> false));
    }

    @Test
    void aCursorOfTheOtherListingIsRefused() {
        assertThrows(ApiException.class, () -> Cursors.historyPosition(Cursors.contracts("PC-24017"), k -> true));
        assertThrows(ApiException.class, () -> Cursors.contractsPosition("not base64!"));
    }
}
