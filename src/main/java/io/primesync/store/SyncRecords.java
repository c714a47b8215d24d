package io.primesync.store;

import io.primesync.domain.LineItem;
import io.primesync.domain.Sync;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the worker and the sweeper need of the store: an accepted sync's lease, progress and end, and the syncs left
 * unfinished. {@link SyncStore} keeps them in DynamoDB; the fast tests keep them in memory, held to the same
 * contract by tests that run against both.
 *
 * <p>A sync is accepted when the contract's head names it as its active sync ({@link ContractRecords#acceptSync});
 * from then on one worker at a time writes it, under a lease that it renews with each progress write, and it ends
 * when the head no longer names it as active: applied (Procore holds its target lines) or failed (nothing moves).
 */
public interface SyncRecords {
    /** An unfinished sync as the sweeper sees it: where it is, and until when its worker's lease runs. */
    record Unfinished(String companyId, String contractId, String syncId, long revision, Instant requestedAt,
            long leaseUntilMillis) {}

    /** The contract's head, or empty when no ERP snapshot of it is known. */
    Optional<ContractHead> head(String companyId, String contractId);

    /** The lines of a line set of the contract (a sync's target), or null when the set is gone. */
    List<LineItem> lines(String companyId, String contractId, LineSetRef set);

    /** Writes the sync's own record from the head's, when an acceptance left the head naming it without one. */
    void ensureSyncItem(String companyId, String contractId, ContractHead.ActiveSync active);

    /**
     * Takes a sync's lease for a worker: when nobody holds it, its holder's lease ran out, or this worker holds it
     * already. False when another live worker holds it or the sync is finished. Taking it makes the sync "writing".
     */
    boolean leaseSync(String companyId, String contractId, long revision, String syncId, String owner,
            long nowMillis, long untilMillis);

    /** Records a worker's progress and renews its lease until then; false when the lease is not its own any more. */
    boolean syncProgress(String companyId, String contractId, long revision, Sync sync, String owner,
            long untilMillis);

    /** Ends this worker's lease early (best effort), so the next delivery need not wait for it. */
    void releaseSync(String companyId, String contractId, long revision, String syncId, String owner);

    /**
     * Ends the active sync. Applied: the head then says Procore holds the sync's target lines at its ERP version,
     * and the pending changes are what the ERP has beyond them. Failed: the synced state stays, so the contract keeps
     * its unsynced changes. A no-op when the sync is no longer the head's active one.
     *
     * @return whether this call ended it
     */
    boolean finishSync(String companyId, String contractId, Sync finished);

    /** One sync of the contract, in whatever state it is; empty when there is none of that id. */
    Optional<Sync> sync(String companyId, String contractId, String syncId);

    /** Syncs not yet applied or failed, of every company, oldest first, at most {@code limit}. */
    List<Unfinished> unfinishedSyncs(int limit);

    /**
     * Brings a sync's own record up to the head's (its end was not written), or removes an attempt the head never
     * accepted; nothing while the sync is active.
     */
    void tidySync(String companyId, String contractId, String syncId, long revision);
}
