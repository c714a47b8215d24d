package io.primesync.store;

import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.num;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Idempotency-Key records: one item per (company, user, key), claimed with a lease before the work starts and
 * completed with the response that is replayed for 24 hours.
 */
public final class IdempotencyStore {
    public static final Duration RETENTION = Duration.ofHours(24);

    /** A claimed or completed key. {@code status} and {@code body} are set once the first request finished. */
    public record Entry(String fingerprint, String syncId, long leaseUntilMillis, Integer status, String body) {
        public boolean completed() {
            return status != null;
        }
    }

    private final Table table;
    private final Clock clock;

    public IdempotencyStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    /** The live record for this key, or empty when none or when it expired (TTL deletion lags behind). */
    public Optional<Entry> find(String companyId, String userId, String key) {
        return table.getLive(key(companyId, userId, key), clock).map(IdempotencyStore::entry);
    }

    private static Entry entry(Map<String, AttributeValue> item) {
        Long status = item.containsKey("status") ? num(item, "status", 0) : null;
        return new Entry(str(item, "fingerprint"), str(item, "syncId"), num(item, "leaseUntil", 0),
                status == null ? null : status.intValue(), str(item, "body"));
    }

    /**
     * Claims the key for a new request; false when a live record already holds it. A claim whose answer was lost
     * may have been written: the SDK's retry of it then reports the claim's own record as a live one, which
     * the caller recognises by its sync id; and if the call fails, the lease it may have taken is ended.
     */
    public boolean claim(String companyId, String userId, String key, String fingerprint, String syncId, Duration lease) {
        long now = clock.millis();
        long leaseUntil = now + lease.toMillis();
        Map<String, AttributeValue> item = new HashMap<>(key(companyId, userId, key));
        item.put("fingerprint", s(fingerprint));
        item.put("syncId", s(syncId));
        item.put("leaseUntil", n(leaseUntil));
        item.put(Keys.EXPIRES_AT, n((now + RETENTION.toMillis()) / 1000));
        try {
            table.client().putItem(b -> b.tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", n(now / 1000)))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (RuntimeException failure) {
            releaseQuietly(companyId, userId, key, leaseUntil);
            throw failure;
        }
    }

    /** Takes over a claim whose holder stopped without finishing (its lease ran out); false if someone else did. */
    public boolean takeOver(String companyId, String userId, String key, long expectedLeaseUntil, Duration lease) {
        long now = clock.millis();
        long leaseUntil = now + lease.toMillis();
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(key(companyId, userId, key))
                    .updateExpression("SET leaseUntil = :lease")
                    .conditionExpression("leaseUntil = :expected AND leaseUntil < :now AND attribute_not_exists(#st)")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":lease", n(leaseUntil),
                            ":expected", n(expectedLeaseUntil), ":now", n(now)))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        } catch (RuntimeException failure) {
            // the take-over may have been written; if so the lease is ours and must not block the client's retry
            releaseQuietly(companyId, userId, key, leaseUntil);
            throw failure;
        }
    }

    /**
     * Ends the lease this request may have just written, identified by its exact deadline, so that a lease held by
     * anyone else is never touched. Best effort: otherwise the lease runs out by itself.
     */
    private void releaseQuietly(String companyId, String userId, String key, long leaseUntil) {
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(key(companyId, userId, key))
                    .updateExpression("SET leaseUntil = :zero")
                    .conditionExpression("leaseUntil = :mine AND attribute_not_exists(#st)")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":zero", n(0), ":mine", n(leaseUntil)))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        } catch (RuntimeException ignored) {
            // not written, someone else's by now, or the table is unreachable
        }
    }

    /** Stores the response to replay. */
    public void complete(String companyId, String userId, String key, int status, String body) {
        table.client().updateItem(b -> b.tableName(table.name())
                .key(key(companyId, userId, key))
                .updateExpression("SET #st = :status, body = :body")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":status", n(status), ":body", s(body)))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    }

    /**
     * Ends the lease of an unfinished claim so that a retry can take the key over at once, under the same sync id.
     * Used when the work failed: whether or not it committed, the retry finds out and answers accordingly.
     */
    public void expireLease(String companyId, String userId, String key) {
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(key(companyId, userId, key))
                    .updateExpression("SET leaseUntil = :zero")
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(#st)")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":zero", n(0)))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        } catch (ConditionalCheckFailedException e) {
            // completed meanwhile: keep it
        }
    }

    private static Map<String, AttributeValue> key(String companyId, String userId, String key) {
        return Map.of(Keys.PK, s(Keys.idempotency(companyId, userId, key)), Keys.SK, s(Keys.IDEMPOTENCY));
    }
}
