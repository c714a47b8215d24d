package io.primesync.store;

import static io.primesync.store.Attr.map;
import static io.primesync.store.Attr.mapOf;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.num;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.ACCEPTED_SYNC;
import static io.primesync.store.Attributes.CLAIM_UNTIL;
import static io.primesync.store.Attributes.FINGERPRINT;
import static io.primesync.store.Attributes.SYNC_ID;

import io.primesync.domain.Sync;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Idempotency-Key records in the table: one item per (company, user, key), expiring after 24 hours. A record answered
 * holds the sync it was answered with ({@code acceptedSync}, the sync record's attributes); one claimed and not yet
 * answered holds its claim's deadline. A record of an older layout (an answer stored as HTTP text) reads as a claim
 * whose holder stopped: a retry takes it over and finds its sync by id, so it is answered, never applied twice.
 */
public final class IdempotencyStore implements IdempotencyRecords {

    private final Table table;
    private final Clock clock;

    public IdempotencyStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<Entry> find(String companyId, String userId, String key) {
        return table.getLive(key(companyId, userId, key), clock).map(item -> {
            Map<String, AttributeValue> accepted = mapOf(item, ACCEPTED_SYNC);
            return new Entry(str(item, FINGERPRINT), str(item, SYNC_ID), num(item, CLAIM_UNTIL, 0),
                    accepted == null ? null : SyncItem.toSync(accepted));
        });
    }

    /**
     * A claim whose answer was lost may have been written: the SDK's retry of it then reports the claim's own record
     * as a live one, which the caller recognises by its sync id; and if the call fails, the lease it may have taken
     * is ended.
     */
    @Override
    public boolean claim(String companyId, String userId, String key, String fingerprint, String syncId, Duration lease) {
        long now = clock.millis();
        long leaseUntil = now + lease.toMillis();
        Map<String, AttributeValue> item = new HashMap<>(key(companyId, userId, key));
        item.put(FINGERPRINT, s(fingerprint));
        item.put(SYNC_ID, s(syncId));
        item.put(CLAIM_UNTIL, n(leaseUntil));
        item.put(Keys.EXPIRES_AT, n((now + RETENTION.toMillis()) / 1000));
        Condition c = new Condition();
        c.when(c.absent(Keys.PK) + " OR " + c.name(Keys.EXPIRES_AT) + " < " + c.value(n(now / 1000)));
        try {
            return table.put(item, c);
        } catch (RuntimeException failure) {
            releaseLeaseQuietly(companyId, userId, key, leaseUntil);
            throw failure;
        }
    }

    @Override
    public boolean takeOver(String companyId, String userId, String key, long expectedLeaseUntil, Duration lease) {
        long leaseUntil = clock.millis() + lease.toMillis();
        Update u = new Update().set(CLAIM_UNTIL, n(leaseUntil));
        u.when(u.name(CLAIM_UNTIL) + " = " + u.value(n(expectedLeaseUntil)))
                .when(u.name(CLAIM_UNTIL) + " < " + u.value(n(clock.millis())))
                .when(u.absent(ACCEPTED_SYNC));
        try {
            return table.update(key(companyId, userId, key), u);
        } catch (RuntimeException failure) {
            // the take-over may have been written; if so the lease is ours and must not block the client's retry
            releaseLeaseQuietly(companyId, userId, key, leaseUntil);
            throw failure;
        }
    }

    /**
     * Ends the lease this request may have just written, identified by its exact deadline, so that a lease held by
     * anyone else is never touched. Best effort: otherwise the lease runs out by itself.
     */
    private void releaseLeaseQuietly(String companyId, String userId, String key, long leaseUntil) {
        try {
            Update u = new Update().set(CLAIM_UNTIL, n(0));
            u.when(u.name(CLAIM_UNTIL) + " = " + u.value(n(leaseUntil))).when(u.absent(ACCEPTED_SYNC));
            table.update(key(companyId, userId, key), u);
        } catch (RuntimeException ignored) {
            // not written, someone else's by now, or the table is unreachable
        }
    }

    @Override
    public void complete(String companyId, String userId, String key, Sync accepted) {
        table.update(key(companyId, userId, key), new Update().set(ACCEPTED_SYNC, map(SyncItem.toItem(accepted, 0))));
    }

    @Override
    public void expireLease(String companyId, String userId, String key) {
        Update u = new Update().set(CLAIM_UNTIL, n(0));
        u.when("attribute_exists(" + u.name(Keys.PK) + ")").when(u.absent(ACCEPTED_SYNC));
        table.update(key(companyId, userId, key), u); // false: completed meanwhile, keep it
    }

    @Override
    public void release(String companyId, String userId, String key, String syncId) {
        Condition c = new Condition();
        c.when(c.name(SYNC_ID) + " = " + c.value(s(syncId))).when(c.absent(ACCEPTED_SYNC));
        table.delete(key(companyId, userId, key), c);
    }

    private static Map<String, AttributeValue> key(String companyId, String userId, String key) {
        return Keys.key(Keys.idempotency(companyId, userId, key), Keys.IDEMPOTENCY);
    }
}
