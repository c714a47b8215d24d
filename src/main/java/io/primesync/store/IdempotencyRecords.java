package io.primesync.store;

import io.primesync.domain.Sync;
import java.time.Duration;
import java.util.Optional;

/**
 * Idempotency-Key records, as the idempotency use case needs them; {@link IdempotencyStore} keeps them in DynamoDB,
 * the fast tests in memory. A record is claimed with a lease before the work starts, completed with the sync the
 * first request was answered with (what a replay answers again), or released when the work was refused.
 */
public interface IdempotencyRecords {
    Duration RETENTION = Duration.ofHours(24);

    /** A claimed or completed key; {@code accepted} is set once the first request was answered. */
    record Entry(String fingerprint, String syncId, long leaseUntilMillis, Sync accepted) {
        public boolean completed() {
            return accepted != null;
        }
    }

    /** The live record for this key, or empty when none or when it expired. */
    Optional<Entry> find(String companyId, String userId, String key);

    /** Claims the key for a new request; false when a live record already holds it. */
    boolean claim(String companyId, String userId, String key, String fingerprint, String syncId, Duration lease);

    /** Takes over a claim whose holder stopped without finishing (its lease ran out); false if someone else did. */
    boolean takeOver(String companyId, String userId, String key, long expectedLeaseUntil, Duration lease);

    /** Stores the sync the first request was answered with, to answer again. */
    void complete(String companyId, String userId, String key, Sync accepted);

    /** Ends the lease of an unfinished claim so that a retry can take the key over at once, under the same sync id. */
    void expireLease(String companyId, String userId, String key);

    /** Removes an unfinished claim of this sync id (the work was refused, so there is nothing to replay). */
    void release(String companyId, String userId, String key, String syncId);
}
