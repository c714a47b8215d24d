package io.primesync.store;

import static io.primesync.store.Attr.money;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.num;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;

import io.primesync.domain.SyncRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The audit records of imports and re-imports: their attribute names, their mapping, and the history of a contract,
 * newest first. A record lives on the head ({@code lastSync}) from the moment its sync commits, and as its own history
 * item, ordered by the revision the commit produced, from just after.
 */
final class SyncItems {
    static final String SYNC_ID = "syncId";
    static final String KIND = "kind";
    static final String SYNCED_AT = "syncedAt";
    static final String SYNCED_BY = "syncedBy";
    static final String PROJECT_ID = "projectId";
    static final String ERP_VERSION = "erpVersion";
    static final String PREVIOUS_AMOUNT = "previousAmount";
    static final String NEW_AMOUNT = "newAmount";
    static final String ADDED = "added";
    static final String CHANGED = "changed";
    static final String REMOVED = "removed";
    /** The head revision the sync's commit produced: the order of history. */
    static final String REVISION = "revision";

    private final Table table;

    SyncItems(Table table) {
        this.table = table;
    }

    static Map<String, AttributeValue> toItem(SyncRecord r, long revision) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(SYNC_ID, s(r.syncId()));
        m.put(KIND, s(r.kind().wire()));
        m.put(SYNCED_AT, s(r.syncedAt().toString()));
        m.put(SYNCED_BY, s(r.syncedBy()));
        m.put(PROJECT_ID, s(r.projectId()));
        m.put(ERP_VERSION, n(r.erpVersion()));
        m.put(PREVIOUS_AMOUNT, money(r.previousAmount()));
        m.put(NEW_AMOUNT, money(r.newAmount()));
        m.put(ADDED, n(r.added()));
        m.put(CHANGED, n(r.changed()));
        m.put(REMOVED, n(r.removed()));
        m.put(REVISION, n(revision));
        return m;
    }

    static SyncRecord toRecord(Map<String, AttributeValue> m) {
        return new SyncRecord(
                str(m, SYNC_ID),
                SyncRecord.Kind.fromWire(str(m, KIND)),
                Instant.parse(str(m, SYNCED_AT)),
                str(m, SYNCED_BY),
                str(m, PROJECT_ID),
                num(m, ERP_VERSION, 0),
                new BigDecimal(str(m, PREVIOUS_AMOUNT)),
                new BigDecimal(str(m, NEW_AMOUNT)),
                (int) num(m, ADDED, 0),
                (int) num(m, CHANGED, 0),
                (int) num(m, REMOVED, 0));
    }

    /** Writes a record's history item; writing it again is harmless. */
    void put(String pk, SyncRecord record, long revision) {
        Map<String, AttributeValue> item = new HashMap<>(toItem(record, revision));
        item.putAll(Keys.key(pk, Keys.sync(revision, record.syncId())));
        table.put(item, null);
    }

    /**
     * One page of history, newest first, with the head's record merged in: it is there from the commit, its history
     * item only just after.
     */
    Page<SyncRecord> page(String pk, ContractHead head, String afterSortKey, int limit) {
        QueryRequest.Builder query = QueryRequest.builder()
                .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(Keys.SYNC_PREFIX)))
                .scanIndexForward(false)
                .limit(limit + 1);
        if (afterSortKey != null) {
            query.exclusiveStartKey(Keys.key(pk, afterSortKey));
        }
        List<SyncRecord> records = new ArrayList<>();
        List<String> sortKeys = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.queryPage(query).items()) {
            records.add(toRecord(item));
            sortKeys.add(str(item, Keys.SK));
        }
        SyncRecord last = head.lastSync();
        if (afterSortKey == null && last != null && records.stream().noneMatch(r -> r.syncId().equals(last.syncId()))) {
            records.add(0, last);
            sortKeys.add(0, Keys.sync(head.lastSyncRev(), last.syncId()));
        }
        String next = null;
        if (records.size() > limit) {
            records = records.subList(0, limit);
            next = sortKeys.get(limit - 1);
        }
        return new Page<>(records, next);
    }

    /** A record of this id among the newest {@code lookback} (a retry whose first attempt went through). */
    Optional<SyncRecord> recent(String pk, ContractHead head, String syncId, int lookback) {
        return page(pk, head, null, lookback).items().stream().filter(r -> r.syncId().equals(syncId)).findFirst();
    }
}
