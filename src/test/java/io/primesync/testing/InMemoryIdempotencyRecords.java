package io.primesync.testing;

import io.primesync.domain.Sync;
import io.primesync.store.IdempotencyRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idempotency records in memory, with the conditions of the DynamoDB store (a claim only where no live record is, a
 * take-over only of a lapsed, unanswered lease, a release only of one's own unanswered claim), and switches that make
 * a call fail after or before it took effect, as a lost answer or an outage would.
 */
public class InMemoryIdempotencyRecords implements IdempotencyRecords {
    /** A call to make fail, and whether its write still happens. */
    public enum Call { CLAIM, TAKE_OVER, COMPLETE, EXPIRE_LEASE, RELEASE }

    private record Stored(Entry entry, long expiresAtMillis) {}

    private final Map<String, Stored> records = new ConcurrentHashMap<>();
    private final Map<Call, Boolean> failures = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private final Clock clock;

    public InMemoryIdempotencyRecords(Clock clock) {
        this.clock = clock;
    }

    /** The next such call throws; {@code afterWriting} decides whether its effect happened first. */
    public void failNext(Call call, boolean afterWriting) {
        failures.put(call, afterWriting);
    }

    /** Every call made, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The record as stored, live or not. */
    public Optional<Entry> stored(String companyId, String userId, String key) {
        Stored s = records.get(id(companyId, userId, key));
        return s == null ? Optional.empty() : Optional.of(s.entry());
    }

    /** Another request's record, as if written by it. */
    public void put(String companyId, String userId, String key, Entry entry) {
        records.put(id(companyId, userId, key), new Stored(entry, clock.millis() + RETENTION.toMillis()));
    }

    @Override
    public Optional<Entry> find(String companyId, String userId, String key) {
        Stored s = records.get(id(companyId, userId, key));
        return s == null || s.expiresAtMillis() < clock.millis() ? Optional.empty() : Optional.of(s.entry());
    }

    @Override
    public synchronized boolean claim(String companyId, String userId, String key, String fingerprint, String syncId,
            Duration lease) {
        Boolean fail = before(Call.CLAIM);
        if (fail != null && !fail) {
            throw new IllegalStateException("claim failed before writing");
        }
        String id = id(companyId, userId, key);
        boolean claimed = find(companyId, userId, key).isEmpty();
        if (claimed) {
            records.put(id, new Stored(new Entry(fingerprint, syncId, clock.millis() + lease.toMillis(), null),
                    clock.millis() + RETENTION.toMillis()));
        }
        if (fail != null) {
            throw new IllegalStateException("claim's answer lost");
        }
        return claimed;
    }

    @Override
    public synchronized boolean takeOver(String companyId, String userId, String key, long expectedLeaseUntil,
            Duration lease) {
        Boolean fail = before(Call.TAKE_OVER);
        if (fail != null && !fail) {
            throw new IllegalStateException("take-over failed before writing");
        }
        Optional<Entry> live = find(companyId, userId, key);
        boolean taken = live.isPresent() && live.get().leaseUntilMillis() == expectedLeaseUntil
                && expectedLeaseUntil < clock.millis() && !live.get().completed();
        if (taken) {
            Entry e = live.get();
            replace(companyId, userId, key, new Entry(e.fingerprint(), e.syncId(), clock.millis() + lease.toMillis(), null));
        }
        if (fail != null) {
            throw new IllegalStateException("take-over's answer lost");
        }
        return taken;
    }

    @Override
    public synchronized void complete(String companyId, String userId, String key, Sync accepted) {
        Boolean fail = before(Call.COMPLETE);
        if (fail != null && !fail) {
            throw new IllegalStateException("complete failed before writing");
        }
        find(companyId, userId, key).ifPresent(e -> replace(companyId, userId, key,
                new Entry(e.fingerprint(), e.syncId(), e.leaseUntilMillis(), accepted)));
        if (fail != null) {
            throw new IllegalStateException("complete's answer lost");
        }
    }

    @Override
    public synchronized void expireLease(String companyId, String userId, String key) {
        Boolean fail = before(Call.EXPIRE_LEASE);
        if (fail != null && !fail) {
            throw new IllegalStateException("expire failed before writing");
        }
        find(companyId, userId, key).filter(e -> !e.completed()).ifPresent(e -> replace(companyId, userId, key,
                new Entry(e.fingerprint(), e.syncId(), 0, null)));
        if (fail != null) {
            throw new IllegalStateException("expire's answer lost");
        }
    }

    @Override
    public synchronized void release(String companyId, String userId, String key, String syncId) {
        Boolean fail = before(Call.RELEASE);
        if (fail != null && !fail) {
            throw new IllegalStateException("release failed before writing");
        }
        Optional<Entry> live = find(companyId, userId, key);
        if (live.isPresent() && live.get().syncId().equals(syncId) && !live.get().completed()) {
            records.remove(id(companyId, userId, key));
        }
        if (fail != null) {
            throw new IllegalStateException("release's answer lost");
        }
    }

    private Boolean before(Call call) {
        calls.add(call);
        return failures.remove(call);
    }

    private void replace(String companyId, String userId, String key, Entry entry) {
        String id = id(companyId, userId, key);
        records.put(id, new Stored(entry, records.get(id).expiresAtMillis()));
    }

    private static String id(String companyId, String userId, String key) {
        return companyId + "\u0000" + userId + "\u0000" + key;
    }
}
