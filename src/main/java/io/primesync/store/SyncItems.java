package io.primesync.store;

import static io.primesync.store.Attr.money;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.num;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;

import io.primesync.domain.Sync;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The syncs of a contract: their attribute names and mapping, the sync items (one per sync, ordered by the revision its
 * acceptance produced), their lease and progress while a worker writes them, and the history page. A sync is written
 * as its own item just before it is accepted; the head decides whether it was ({@code activeSync}, then
 * {@code lastSync}), so an item the head never named is an abandoned attempt that readers pass over.
 */
final class SyncItems {
    static final String SYNC_ID = "syncId";
    static final String KIND = "kind";
    static final String CONTRACT_ID = "contractId";
    static final String PROJECT_ID = "projectId";
    static final String PROCORE_PRIME_CONTRACT_ID = "procorePrimeContractId";
    static final String ERP_VERSION = "erpVersion";
    static final String STATUS = "status";
    static final String LINES_WRITTEN = "linesWritten";
    static final String LINES_TOTAL = "linesTotal";
    static final String PREVIOUS_AMOUNT = "previousAmount";
    static final String NEW_AMOUNT = "newAmount";
    static final String ADDED = "added";
    static final String CHANGED = "changed";
    static final String REMOVED = "removed";
    static final String REQUESTED_AT = "requestedAt";
    static final String REQUESTED_BY = "requestedBy";
    static final String FINISHED_AT = "finishedAt";
    static final String ERROR_CODE = "errorCode";
    static final String ERROR_MESSAGE = "errorMessage";
    /** The head revision the sync's acceptance produced: the order of history. */
    static final String REVISION = "revision";
    /** On a sync item: the company, for the sweeper that finds it through the index. */
    static final String COMPANY_ID = "companyId";
    /** The worker writing the sync, and until when (epoch ms) it is taken to be alive. */
    static final String LEASE_OWNER = "leaseOwner";
    static final String LEASE_UNTIL = "leaseUntil";
    /** The index partition of unfinished syncs, which the sweeper reads. */
    static final String ACTIVE_LISTING = "SYNCS#active";

    private final Table table;

    SyncItems(Table table) {
        this.table = table;
    }

    static Map<String, AttributeValue> toItem(Sync r, long revision) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(SYNC_ID, s(r.syncId()));
        m.put(KIND, s(r.kind().wire()));
        m.put(CONTRACT_ID, s(r.contractId()));
        m.put(PROJECT_ID, s(r.projectId()));
        if (r.procorePrimeContractId() != null) {
            m.put(PROCORE_PRIME_CONTRACT_ID, s(r.procorePrimeContractId()));
        }
        m.put(ERP_VERSION, n(r.erpVersion()));
        m.put(STATUS, s(r.status().wire()));
        m.put(LINES_WRITTEN, n(r.linesWritten()));
        m.put(LINES_TOTAL, n(r.linesTotal()));
        m.put(PREVIOUS_AMOUNT, money(r.previousAmount()));
        m.put(NEW_AMOUNT, money(r.newAmount()));
        m.put(ADDED, n(r.added()));
        m.put(CHANGED, n(r.changed()));
        m.put(REMOVED, n(r.removed()));
        m.put(REQUESTED_AT, s(r.requestedAt().toString()));
        m.put(REQUESTED_BY, s(r.requestedBy()));
        if (r.finishedAt() != null) {
            m.put(FINISHED_AT, s(r.finishedAt().toString()));
        }
        if (r.error() != null) {
            m.put(ERROR_CODE, s(r.error().code()));
            m.put(ERROR_MESSAGE, s(r.error().message()));
        }
        m.put(REVISION, n(revision));
        return m;
    }

    static Sync toSync(Map<String, AttributeValue> m) {
        String finished = str(m, FINISHED_AT);
        String code = str(m, ERROR_CODE);
        return new Sync(
                str(m, SYNC_ID),
                Sync.Kind.fromWire(str(m, KIND)),
                str(m, CONTRACT_ID),
                str(m, PROJECT_ID),
                str(m, PROCORE_PRIME_CONTRACT_ID),
                num(m, ERP_VERSION, 0),
                Sync.Status.fromWire(str(m, STATUS)),
                (int) num(m, LINES_WRITTEN, 0),
                (int) num(m, LINES_TOTAL, 0),
                new BigDecimal(str(m, PREVIOUS_AMOUNT)),
                new BigDecimal(str(m, NEW_AMOUNT)),
                (int) num(m, ADDED, 0),
                (int) num(m, CHANGED, 0),
                (int) num(m, REMOVED, 0),
                Instant.parse(str(m, REQUESTED_AT)),
                str(m, REQUESTED_BY),
                finished == null ? null : Instant.parse(finished),
                code == null ? null : new Sync.Failure(code, str(m, ERROR_MESSAGE)));
    }

    private static Map<String, AttributeValue> key(String pk, long revision, String syncId) {
        return Keys.key(pk, Keys.sync(revision, syncId));
    }

    /** Writes a sync about to be accepted, listed as unfinished for the sweeper; false if its id was used. */
    boolean putPending(String companyId, String pk, Sync sync, long revision) {
        Map<String, AttributeValue> item = new HashMap<>(toItem(sync, revision));
        item.putAll(key(pk, revision, sync.syncId()));
        item.put(COMPANY_ID, s(companyId));
        item.put(Keys.GSI1PK, s(ACTIVE_LISTING));
        item.put(Keys.GSI1SK, s(sync.requestedAt() + "#" + pk + "#" + sync.syncId()));
        Condition c = new Condition();
        c.when(c.absent(Keys.PK));
        return table.put(item, c);
    }

    /** Records the sync's end (or brings a lagging item up to the head's record): no longer unfinished. */
    void finish(String pk, Sync sync, long revision) {
        Update u = new Update();
        toItem(sync, revision).forEach(u::set);
        u.remove(Keys.GSI1PK).remove(Keys.GSI1SK).remove(LEASE_OWNER).remove(LEASE_UNTIL);
        table.update(key(pk, revision, sync.syncId()), u);
    }

    /** Removes an attempt the head never accepted. */
    void deleteQuietly(String pk, long revision, String syncId) {
        try {
            table.delete(key(pk, revision, syncId), null);
        } catch (RuntimeException e) {
            // the sweeper removes abandoned attempts
        }
    }

    /** The sync's item: its record and its lease. */
    record Stored(Sync sync, String leaseOwner, long leaseUntilMillis, String companyId, String pk, long revision) {}

    Optional<Stored> get(String pk, long revision, String syncId) {
        Map<String, AttributeValue> item = table.get(key(pk, revision, syncId));
        return item.isEmpty() ? Optional.empty() : Optional.of(stored(item));
    }

    private static Stored stored(Map<String, AttributeValue> item) {
        return new Stored(toSync(item), str(item, LEASE_OWNER), num(item, LEASE_UNTIL, 0), str(item, COMPANY_ID),
                str(item, Keys.PK), num(item, REVISION, 0));
    }

    /**
     * Takes the lease of an unfinished sync for a worker: when nobody holds it, its holder's lease ran out, or the
     * worker holds it already (a redelivery to the same worker).
     */
    boolean lease(String pk, long revision, String syncId, String owner, long nowMillis, long untilMillis) {
        Update u = new Update().set(LEASE_OWNER, s(owner)).set(LEASE_UNTIL, n(untilMillis))
                .set(STATUS, s(Sync.Status.WRITING.wire()));
        u.when("attribute_exists(" + u.name(Keys.PK) + ")")
                .when(u.name(STATUS) + " IN (" + u.value(s(Sync.Status.PENDING.wire())) + ", "
                        + u.value(s(Sync.Status.WRITING.wire())) + ")")
                .when(u.absent(LEASE_UNTIL) + " OR " + u.name(LEASE_UNTIL) + " < " + u.value(n(nowMillis)) + " OR "
                        + u.name(LEASE_OWNER) + " = " + u.value(s(owner)));
        return table.update(key(pk, revision, syncId), u);
    }

    /** Records progress and renews the lease; false when the lease is no longer this worker's. */
    boolean progress(String pk, long revision, Sync sync, String owner, long untilMillis) {
        Update u = new Update().set(STATUS, s(sync.status().wire())).set(LINES_WRITTEN, n(sync.linesWritten()))
                .set(LINES_TOTAL, n(sync.linesTotal())).set(LEASE_UNTIL, n(untilMillis))
                .setOrRemove(PROCORE_PRIME_CONTRACT_ID, sync.procorePrimeContractId() == null ? null
                        : s(sync.procorePrimeContractId()));
        u.when(u.name(LEASE_OWNER) + " = " + u.value(s(owner)));
        return table.update(key(pk, revision, sync.syncId()), u);
    }

    /** Ends this worker's lease early, so the next delivery need not wait for it. */
    void releaseQuietly(String pk, long revision, String syncId, String owner) {
        try {
            Update u = new Update().set(LEASE_UNTIL, n(0));
            u.when(u.name(LEASE_OWNER) + " = " + u.value(s(owner)));
            table.update(key(pk, revision, syncId), u);
        } catch (RuntimeException e) {
            // it runs out by itself
        }
    }

    /** Unfinished syncs of every company, oldest first, for the sweeper. */
    List<Stored> unfinished(int limit) {
        List<Stored> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.queryPage(QueryRequest.builder().indexName(Keys.BY_STATUS)
                    .keyConditionExpression("gsi1pk = :g")
                    .expressionAttributeValues(Map.of(":g", s(ACTIVE_LISTING)))
                    .limit(Math.min(100, limit - out.size()))
                    .exclusiveStartKey(start));
            page.items().forEach(item -> out.add(stored(item)));
            start = Table.lastKey(page);
        } while (start != null && out.size() < limit);
        return out;
    }

    /**
     * What the history shows of a stored sync: a finished item as it is; an unfinished one with the head's record when
     * the head has moved it on (its own end may not be written yet), with its own progress while the head says it is
     * active, and not at all when the head never accepted it.
     */
    private static Sync shown(Sync item, long revision, ContractHead head) {
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
        Map<String, AttributeValue> start = afterSortKey == null ? null : Keys.key(pk, afterSortKey);
        // items the head never accepted are not shown: read on until the page is full, or the history ends
        do {
            QueryRequest.Builder query = QueryRequest.builder()
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(Keys.SYNC_PREFIX)))
                    .scanIndexForward(false)
                    .limit(limit + 1 - records.size());
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            var response = table.queryPage(query);
            for (Map<String, AttributeValue> item : response.items()) {
                Sync shown = shown(toSync(item), num(item, REVISION, 0), head);
                if (shown != null) {
                    records.add(shown);
                    sortKeys.add(str(item, Keys.SK));
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null && records.size() <= limit);
        Sync last = head.lastSync();
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

    /** One sync of the contract: from the head when it is the active or newest one, else from its history. */
    Optional<Sync> find(String pk, ContractHead head, String syncId) {
        if (head.active() != null && head.active().sync().syncId().equals(syncId)) {
            return Optional.of(get(pk, head.active().revision(), syncId).map(Stored::sync)
                    .filter(s -> !s.finished()).orElse(head.active().sync()));
        }
        if (head.lastSync() != null && head.lastSync().syncId().equals(syncId)) {
            return Optional.of(head.lastSync());
        }
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.queryPage(QueryRequest.builder()
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                    .filterExpression("syncId = :id")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(Keys.SYNC_PREFIX), ":id", s(syncId)))
                    .scanIndexForward(false)
                    .exclusiveStartKey(start));
            for (Map<String, AttributeValue> item : page.items()) {
                Sync shown = shown(toSync(item), num(item, REVISION, 0), head);
                if (shown != null) {
                    return Optional.of(shown);
                }
            }
            start = Table.lastKey(page);
        } while (start != null);
        return Optional.empty();
    }
}
