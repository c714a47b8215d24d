package io.primesync.store;

import io.primesync.testing.InMemoryStore;
import io.primesync.testing.Stores;

/** The in-memory store held to the contract the DynamoDB store keeps. */
class InMemorySyncRecordsTest extends SyncRecordsContract {
    @Override
    protected Stores stores() {
        return Stores.memory(new InMemoryStore());
    }

    @Override
    protected String newCompany() {
        return "1001";
    }
}
