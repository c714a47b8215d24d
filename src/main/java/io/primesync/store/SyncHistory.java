package io.primesync.store;

import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.SYNC_ID;

import io.primesync.domain.Sync;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The reads of sync items: a contract's history page, one sync, and the unfinished syncs of every company for the
 * sweeper. What they show of an item depends on the head, which decides whether its sync was accepted.
 */
final class SyncHistory {
    private final Table table;
    private final SyncItems items;

    SyncHistory(Table table) {
        this.table = table;
        this.items = new SyncItems(table);
    }

    /**
     * What the history shows of a stored sync: a finished item as it is; an unfinished one with the head's record when
     * the head has moved it on (its own end may not be written yet), with its own progress while the head says it is
     * active, and not at all when the head never accepted it.
     */
    private static Sync shown(Sync item, ContractHead head) {
        if (item.finished()) {
            return item;
        }
        if (head.active() != null && head.active().sync().syncId().equals(item.syncId())) {
            return item;
        }
        if (head.lastSync() != null && head.lastSync().syncId().equals(item.syncId())) {
            return head.lastSync();
        }
        return null;
    }

    /** One page of history, newest first, with the head's newest record merged in where its item lags. */
    Page<Sync> page(String pk, ContractHead head, String afterSortKey, int limit) {
        List<Sync> records = new ArrayList<>();
        List<String> sortKeys = new ArrayList<>();
        QueryRequest.Builder query = newestFirst(pk).limit(limit + 1);
        if (afterSortKey != null) {
            query.exclusiveStartKey(Keys.key(pk, afterSortKey));
        }
        // items the head never accepted are not shown: read on until the page is full, or the history ends
        table.queryWhile(query, item -> {
            Sync shown = shown(SyncItem.toSync(item), head);
            if (shown != null) {
                records.add(shown);
                sortKeys.add(str(item, Keys.SK));
            }
            return records.size() <= limit;
        });
        Sync last = head.lastSync();
        if (afterSortKey == null && last != null && records.stream().noneMatch(r -> r.syncId().equals(last.syncId()))) {
            records.add(0, last);
            sortKeys.add(0, Keys.sync(head.lastSyncRev(), last.syncId()));
        }
        String next = null;
        List<Sync> page = records;
        if (records.size() > limit) {
            page = records.subList(0, limit);
            next = sortKeys.get(limit - 1);
        }
        return new Page<>(page, next);
    }

    /** One sync of the contract: from the head when it is the active or newest one, else from its history. */
    Optional<Sync> find(String pk, ContractHead head, String syncId) {
        if (head.active() != null && head.active().sync().syncId().equals(syncId)) {
            return Optional.of(items.get(pk, head.active().revision(), syncId).map(SyncItems.Stored::sync)
                    .filter(s -> !s.finished()).orElse(head.active().sync()));
        }
        if (head.lastSync() != null && head.lastSync().syncId().equals(syncId)) {
            return Optional.of(head.lastSync());
        }
        Sync[] found = new Sync[1];
        table.queryWhile(newestFirst(pk).filterExpression("#id = :id")
                .expressionAttributeNames(Map.of("#id", SYNC_ID))
                .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(Keys.SYNC_PREFIX), ":id", s(syncId))),
                item -> (found[0] = shown(SyncItem.toSync(item), head)) == null);
        return Optional.ofNullable(found[0]);
    }

    /** Syncs not yet applied or failed, of every company, oldest first, for the sweeper. */
    List<SyncItems.Stored> unfinished(int limit) {
        List<SyncItems.Stored> out = new ArrayList<>();
        table.queryWhile(QueryRequest.builder().indexName(Keys.BY_STATUS)
                .keyConditionExpression("gsi1pk = :g")
                .expressionAttributeValues(Map.of(":g", s(SyncItems.ACTIVE_LISTING)))
                .limit(Math.min(100, limit)), item -> {
                    out.add(SyncItems.Stored.of(item));
                    return out.size() < limit;
                });
        return out;
    }

    private static QueryRequest.Builder newestFirst(String pk) {
        return QueryRequest.builder()
                .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(Keys.SYNC_PREFIX)))
                .scanIndexForward(false);
    }
}
