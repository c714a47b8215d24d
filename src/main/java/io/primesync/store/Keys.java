package io.primesync.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The single table's key layout; STORE.md beside the sources describes it with the access patterns. */
final class Keys {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String GSI1PK = "gsi1pk";
    static final String GSI1SK = "gsi1sk";
    static final String BY_STATUS = "byStatus";
    static final String EXPIRES_AT = "expiresAt";

    static final String HEAD = "#HEAD";
    static final String JOB = "#JOB";
    static final String IDEMPOTENCY = "#IDEM";
    static final String EVENT = "#EVENT";
    static final String CHUNK_PREFIX = "L#";
    static final String SYNC_PREFIX = "S#";
    /** Everything of a contract that sorts before this is its head or a line chunk, never its history. */
    static final String BEFORE_HISTORY = "M";

    static final String LINK_ATTR_PREFIX = "lnk#";
    static final String PCCO_ATTR_PREFIX = "pco#";

    private Keys() {}

    static String contract(String companyId, String contractId) {
        return "C#" + companyId + "#K#" + contractId;
    }

    static String job(String companyId, String jobNumber) {
        return "C#" + companyId + "#J#" + jobNumber;
    }

    static String listing(String companyId, boolean synced) {
        return "C#" + companyId + (synced ? "#synced" : "#staged");
    }

    static String chunk(String setId, int index) {
        return CHUNK_PREFIX + setId + "#" + String.format("%05d", index);
    }

    static String chunkSetPrefix(String setId) {
        return CHUNK_PREFIX + setId + "#";
    }

    /** A history item, ordered by the head revision its sync committed at. */
    static String sync(long rev, String syncId) {
        return SYNC_PREFIX + String.format("%013d", rev) + "#" + syncId;
    }

    /** The caller's id and key are hashed so that no character of either can collide with the key layout. */
    static String idempotency(String companyId, String userId, String key) {
        return "C#" + companyId + "#I#" + sha256(userId + "\u0000" + key);
    }

    static String event(String source, String companyId, String eventId) {
        return "W#" + source + "#C#" + companyId + "#" + eventId;
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
