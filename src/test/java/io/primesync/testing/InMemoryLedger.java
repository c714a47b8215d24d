package io.primesync.testing;

import io.primesync.store.ApplyResult;
import io.primesync.store.EventLedger;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The webhook ledger in memory: the event ids received, per source and company, kept for as long as the test runs. */
public final class InMemoryLedger implements EventLedger {
    private final Map<String, ApplyResult> received = new ConcurrentHashMap<>();

    @Override
    public Optional<ApplyResult> seen(String source, String companyId, String eventId) {
        return Optional.ofNullable(received.get(key(source, companyId, eventId)));
    }

    @Override
    public void record(String source, String companyId, String eventId, ApplyResult result) {
        received.put(key(source, companyId, eventId), result);
    }

    private static String key(String source, String companyId, String eventId) {
        return source + "/" + companyId + "/" + eventId;
    }
}
