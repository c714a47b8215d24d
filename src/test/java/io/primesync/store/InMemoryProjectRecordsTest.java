package io.primesync.store;

import io.primesync.testing.InMemoryStore;
import io.primesync.testing.Stores;
import java.util.concurrent.atomic.AtomicInteger;

/** The in-memory store held to the contract the DynamoDB store keeps. */
class InMemoryProjectRecordsTest extends ProjectRecordsContract {
    private static final AtomicInteger COMPANIES = new AtomicInteger(1000);

    @Override
    protected Stores stores() {
        return Stores.memory(new InMemoryStore());
    }

    @Override
    protected String newCompany() {
        return Integer.toString(COMPANIES.incrementAndGet());
    }
}
