package io.primesync.handler;

import io.primesync.domain.Ids;
import io.primesync.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Predicate;

/**
 * Opaque page cursors. A cursor carries only a position inside the caller's own listing (a contract id, a history
 * sort key) and is checked on the way back in, so a crafted cursor can neither fail a query nor reach another
 * company's partition: the company always comes from the path.
 */
final class Cursors {
    private static final String CONTRACTS = "c1:";
    private static final String HISTORY = "h1:";

    private Cursors() {}

    static String contracts(String contractId) {
        return contractId == null ? null : encode(CONTRACTS + contractId);
    }

    static String history(String sortKey) {
        return sortKey == null ? null : encode(HISTORY + sortKey);
    }

    /** Where the page starts; null (the first page) when the request carries no cursor. */
    static String contractsPosition(String cursor) {
        if (cursor == null) {
            return null;
        }
        String raw = decode(cursor, CONTRACTS);
        if (raw == null || !Ids.matches(Ids.Kind.CONTRACT_ID, raw)) {
            throw invalid();
        }
        return raw;
    }

    /** @param valid whether a position is one the store hands out */
    static String historyPosition(String cursor, Predicate<String> valid) {
        if (cursor == null) {
            return null;
        }
        String raw = decode(cursor, HISTORY);
        if (raw == null || !valid.test(raw)) {
            throw invalid();
        }
        return raw;
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor, String prefix) {
        if (cursor.length() > 400) {
            throw invalid();
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return raw.startsWith(prefix) ? raw.substring(prefix.length()) : null;
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.invalidField("cursor", "is not a cursor this listing handed out; start again without it");
    }
}
