package io.primesync.store;

import static io.primesync.store.Attr.s;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The single table's key layout; STORE.md beside the sources describes it with the access patterns. */
final class Keys {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String GSI1PK = "gsi1pk";
    static final String GSI1SK = "gsi1sk";
    static final String BY_STATUS = "byStatus";
    static final String EXPIRES_AT = "expiresAt";

    static final String HEAD = "HEAD";
    static final String JOB = "JOB";
    static final String IDEMPOTENCY = "IDEMPOTENCY";
    static final String EVENT = "EVENT";
    static final String LINES_PREFIX = "LINES#";
    static final String SYNC_PREFIX = "SYNC#";
    /** Everything of a contract that sorts before this is its head or a line chunk, never its history. */
    static final String BEFORE_HISTORY = "M";

    private Keys() {}

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, s(pk), SK, s(sk));
    }

    static String contract(String companyId, String contractId) {
        return "COMPANY#" + companyId + "#CONTRACT#" + contractId;
    }

    /** The partition of a company's Procore projects as last read (their job origins). */
    static String projects(String companyId) {
        return "COMPANY#" + companyId + "#PROJECTS";
    }

    static String project(String projectId) {
        return "PROJECT#" + projectId;
    }

    /** The partition of the Procore prime contracts that carry one of the company's contract ids as origin. */
    static String primeContracts(String companyId) {
        return "COMPANY#" + companyId + "#PRIMECONTRACTS";
    }

    static String primeContract(String primeContractId) {
        return "PRIMECONTRACT#" + primeContractId;
    }

    /** The companies that imported a contract: the ones the reconciliation reads Procore for. */
    static final String COMPANIES = "COMPANIES";

    /** Where a company's reconciliation stands: its item's partition; the sort key is {@link #RECONCILE}. */
    static String reconcile(String companyId) {
        return "COMPANY#" + companyId + "#RECONCILE";
    }

    static final String RECONCILE = "RECONCILE";

    static String company(String companyId) {
        return "COMPANY#" + companyId;
    }

    static String job(String companyId, String jobNumber) {
        return "COMPANY#" + companyId + "#JOB#" + jobNumber;
    }

    static String listing(String companyId, boolean synced) {
        return "COMPANY#" + companyId + (synced ? "#synced" : "#staged");
    }

    static String chunk(String setId, int index) {
        return chunkSetPrefix(setId) + String.format("%05d", index);
    }

    static String chunkSetPrefix(String setId) {
        return LINES_PREFIX + setId + "#";
    }

    /** A sync item, ordered by the head revision its sync was accepted at. */
    static String sync(long revision, String syncId) {
        return SYNC_PREFIX + String.format("%013d", revision) + "#" + syncId;
    }

    /** Whether a sort key has the shape {@link #sync} gives (a history cursor coming back from a client). */
    static boolean isSync(String sortKey) {
        return sortKey != null && sortKey.matches("SYNC#[0-9]{13}#[A-Za-z0-9-]{1,64}");
    }

    /** The caller's id and key are hashed so that no character of either can collide with the key layout. */
    static String idempotency(String companyId, String userId, String key) {
        return "COMPANY#" + companyId + "#IDEMPOTENCY#" + sha256(userId + "\u0000" + key);
    }

    static String event(String source, String companyId, String eventId) {
        return "WEBHOOK#" + source + "#COMPANY#" + companyId + "#" + eventId;
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
