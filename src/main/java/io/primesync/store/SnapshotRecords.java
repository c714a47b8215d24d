package io.primesync.store;

import io.primesync.domain.RefusedSnapshot;
import io.primesync.domain.ContractSnapshot;

/**
 * What the ERP side's events need of the store: a contract's snapshot or deletion, each kept only when it is newer
 * than what is stored, so the order in which they arrive does not matter. {@link SnapshotStore} keeps them in
 * DynamoDB.
 */
public interface SnapshotRecords {
    /** Stores a snapshot unless a snapshot of the same or a later ERP version is already stored. */
    ApplyResult applySnapshot(String companyId, ContractSnapshot snapshot);

    /**
     * Records that the ERP deleted the contract at this version, unless a later deletion or snapshot is stored.
     * Content and deletion are kept apart, so a deletion that arrives before the snapshot it follows still wins.
     */
    ApplyResult applyDeletion(String companyId, String contractId, long erpVersion);

    /**
     * Records a snapshot refused for breaking the contract rules, unless a later refusal is stored, or a snapshot or
     * deletion of the same or a later version: it counts until a later version is accepted, and touches nothing that
     * was accepted before. A contract known by a refusal alone is listed with the staged ones.
     */
    ApplyResult applyRefused(String companyId, RefusedSnapshot refused);
}
