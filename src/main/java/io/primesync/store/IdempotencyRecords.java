package io.primesync.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Idempotency-Key records, as the idempotency use case needs them; {@link IdempotencyStore} keeps them in DynamoDB,
 * the fast tests in memory. A record is claimed with a lease before the work starts, completed with the response
 * that is replayed, or released when the work was refused.
 */
public interface IdempotencyRecords {
    Duration RETENTION = Duration.ofHours(24);

    /** A claimed or completed key. {@code status} and {@code body} are set once the first request was answered. */
    record Entry(String fingerprint, String syncId, long leaseUntilMillis, Integer status, String body) {
        public boolean completed() {
            return status != null;
        }
    }

    /** The live record for this key, or empty when none or when it expired. */
    Optional<Entry> find(String companyId, String userId, String key);

    /** Claims the key for a new request; false when a live record already holds it. */
    boolean claim(String companyId, String userId, String key, String fingerprint, String syncId, Duration lease);

    /** Takes over a claim whose holder stopped without finishing (its lease ran out); false if someone else did. */
    boolean takeOver(String companyId, String userId, String key, long expectedLeaseUntil, Duration lease);

    /** Stores the response to replay. */
    void complete(String companyId, String userId, String key, int status, String body);

    /** Ends the lease of an unfinished claim so that a retry can take the key over at once, under the same sync id. */
    void expireLease(String companyId, String userId, String key);

    /** Removes an unfinished claim of this sync id (the work was refused, so there is nothing to replay). */
    void release(String companyId, String userId, String key, String syncId);
}
