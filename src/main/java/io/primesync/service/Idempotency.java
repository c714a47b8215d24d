package io.primesync.service;

import io.primesync.domain.Sync;
import io.primesync.store.IdempotencyRecords;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Idempotency-Key semantics: the sync the first accepted request with a key was answered with is stored and answered
 * again for 24 hours to the same user for the same request; the same key for another request is refused. Only accepted work is
 * stored: a refusal releases the key, so the same key works once its cause is fixed. A request still running holds
 * the key with a lease; when the lease runs out (the holder died) or the request failed, a retry takes the key over
 * and finishes the work under the same sync id, so a sync that did commit is answered, not applied again.
 */
public final class Idempotency {
    /** Longer than a function may run, so a live holder never loses its key. */
    public static final Duration LEASE = Duration.ofSeconds(30);
    static final Duration RETRY_WHILE_RUNNING = Duration.ofSeconds(2);
    private static final int MAX_ROUNDS = 3;

    /** The sync a request is answered with, and whether it is the stored answer of an earlier request. */
    public record Outcome(Sync sync, boolean replayed) {}

    /** The request's work under a sync id. */
    @FunctionalInterface
    public interface Work {
        /**
         * @param resumed true when an earlier attempt under the same sync id may have committed
         * @throws Refusal when the request is refused; nothing is stored under the key then
         */
        Sync run(String syncId, boolean resumed);
    }

    private final IdempotencyRecords records;

    public Idempotency(IdempotencyRecords records) {
        this.records = records;
    }

    public static String newSyncId() {
        return UUID.randomUUID().toString();
    }

    /** Runs the work once for the key, or answers what the first accepted run answered. */
    public Outcome execute(String companyId, String userId, String key, String fingerprint, Work work) {
        String claimed = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Optional<IdempotencyRecords.Entry> existing = records.find(companyId, userId, key);
            String syncId;
            boolean resumed = false;
            if (existing.isPresent()) {
                IdempotencyRecords.Entry entry = existing.get();
                if (!entry.fingerprint().equals(fingerprint)) {
                    throw new Refusal.KeyReused();
                }
                if (entry.completed()) {
                    return new Outcome(entry.accepted(), true);
                }
                if (entry.syncId().equals(claimed)) {
                    // our own claim, written although the answer said otherwise (the SDK retried the put and
                    // found the item its first attempt had written); the sync id is fresh, so nothing ran under it
                    syncId = claimed;
                } else if (!records.takeOver(companyId, userId, key, entry.leaseUntilMillis(), LEASE)) {
                    throw new Refusal.Conflict("A request with this Idempotency-Key is still being processed. Retry"
                            + " in a few seconds to get its response.", RETRY_WHILE_RUNNING);
                } else {
                    syncId = entry.syncId();
                    resumed = true;
                }
            } else {
                syncId = newSyncId();
                claimed = syncId;
                if (!records.claim(companyId, userId, key, fingerprint, syncId, LEASE)) {
                    continue; // claimed by a concurrent request: read its record
                }
            }
            return run(companyId, userId, key, syncId, resumed, work);
        }
        throw new Refusal.Conflict("The Idempotency-Key is contended; retry the request.", RETRY_WHILE_RUNNING);
    }

    private Outcome run(String companyId, String userId, String key, String syncId, boolean resumed, Work work) {
        Sync accepted;
        try {
            accepted = work.run(syncId, resumed);
        } catch (Refusal refused) {
            releaseQuietly(companyId, userId, key, syncId);
            throw refused;
        } catch (RuntimeException failure) {
            // the work may have committed before it failed: keep the claim, so the retry resumes it
            expireLeaseQuietly(companyId, userId, key);
            throw failure;
        }
        try {
            records.complete(companyId, userId, key, accepted);
        } catch (RuntimeException failure) {
            expireLeaseQuietly(companyId, userId, key);
            throw failure;
        }
        return new Outcome(accepted, false);
    }

    private void releaseQuietly(String companyId, String userId, String key, String syncId) {
        try {
            records.release(companyId, userId, key, syncId);
        } catch (RuntimeException ignored) {
            // the lease runs out by itself; a retry then takes the key over and is evaluated afresh
        }
    }

    private void expireLeaseQuietly(String companyId, String userId, String key) {
        try {
            records.expireLease(companyId, userId, key);
        } catch (RuntimeException ignored) {
            // the lease runs out by itself; a retry then takes the key over
        }
    }
}
