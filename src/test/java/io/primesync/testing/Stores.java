package io.primesync.testing;

import io.primesync.store.ContractRecords;
import io.primesync.store.ContractStore;
import io.primesync.store.ProcoreFacts;
import io.primesync.store.ProjectRecords;
import io.primesync.store.SnapshotRecords;
import io.primesync.store.SnapshotStore;
import io.primesync.store.SyncRecords;
import io.primesync.store.SyncStore;
import io.primesync.store.Table;
import java.time.Clock;

/** The store's ports over one set of data: the DynamoDB parts over one table, or one in-memory store as all four. */
public record Stores(ContractRecords contracts, SyncRecords syncs, SnapshotRecords snapshots, ProjectRecords facts) {
    public static Stores dynamo(Table table, Clock clock) {
        return new Stores(new ContractStore(table, clock), new SyncStore(table, clock), new SnapshotStore(table, clock),
                new ProcoreFacts(table, clock));
    }

    public static Stores memory(InMemoryStore store) {
        return new Stores(store, store, store, store);
    }
}
