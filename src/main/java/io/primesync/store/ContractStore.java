package io.primesync.store;

import static io.primesync.store.Attr.bool;
import static io.primesync.store.Attr.decimal;
import static io.primesync.store.Attr.map;
import static io.primesync.store.Attr.mapOf;
import static io.primesync.store.Attr.money;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.num;
import static io.primesync.store.Attr.numOrNull;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;

import io.primesync.domain.ContractDiff;
import io.primesync.domain.ContractSnapshot;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.LineItem;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.SyncRecord;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Contracts, jobs and sync history in the single table, written only with single-item conditional writes.
 *
 * <p>Line items are immutable: each ERP version's lines are written once as chunk items under a fresh set id,
 * and a contract's head item names the set that is current and the set the project holds. Every change that
 * matters to a sync moves the head's {@code rev}; an import or re-import is one conditional update of the head
 * ({@code rev = :expected}). A failure at any point therefore leaves the old head or the new one, never a mix,
 * and of two concurrent re-imports only one can commit. See STORE.md for the key layout.
 */
public final class ContractStore {
    private static final int MAX_ATTEMPTS = 6;
    /** Line sets nobody references that are older than this are left-overs of failed writes, safe to remove. */
    private static final long ORPHAN_AGE_MILLIS = 10 * 60 * 1000L;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The attribute of a chunk item that holds its deflated lines. */
    private static final String LINES = "z";

    private final Table table;
    private final Clock clock;

    public ContractStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- ERP side

    /** Stores a snapshot unless a snapshot of the same or a later ERP version is already stored. */
    public ApplyResult applySnapshot(String companyId, ContractSnapshot snapshot) {
        String pk = Keys.contract(companyId, snapshot.contractId());
        List<byte[]> chunks = LineCodec.encode(snapshot.lineItems());
        String setId = null;
        // what the last commit attempt would replace, in case it went through without us hearing of it
        LineSetRef supersededByAttempt = null;
        LineSetRef syncedAtAttempt = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> item = getItem(pk, Keys.HEAD);
            if (setId != null && setId.equals(str(item, "curSet"))) {
                // Our commit was applied although its answer was lost: the SDK's retry of it then failed the
                // condition. The head names our set now; removing it as a refused snapshot's would corrupt it.
                dropSuperseded(pk, supersededByAttempt, syncedAtAttempt);
                return ApplyResult.APPLIED;
            }
            if (snapshot.erpVersion() <= num(item, "erpVersion", 0)) {
                if (setId != null) {
                    deleteSetQuietly(pk, new LineSetRef(setId, chunks.size(), 0));
                }
                return ApplyResult.STALE;
            }
            if (setId == null) {
                setId = newSetId();
                writeSet(pk, setId, chunks);
            }
            LineSetRef synced = lineSet(item, "synced");
            List<LineItem> syncedLines = List.of();
            if (synced != null) {
                syncedLines = readSet(pk, synced);
                if (syncedLines == null) {
                    continue; // a re-import replaced the synced set while we read it
                }
            }
            PendingChanges pending = ContractDiff.between(syncedLines, snapshot.lineItems()).counts();
            LineSetRef previous = lineSet(item, "cur");
            supersededByAttempt = previous;
            syncedAtAttempt = synced;
            if (commitSnapshot(companyId, pk, snapshot, new LineSetRef(setId, chunks.size(), snapshot.lineItems().size()),
                    pending, synced != null, num(item, "rev", 0))) {
                dropSuperseded(pk, previous, synced);
                return ApplyResult.APPLIED;
            }
        }
        throw new ConcurrentChangeException("contract kept changing while a snapshot was stored");
    }

    /** Removes the current set a snapshot replaced, unless the project still holds it. */
    private void dropSuperseded(String pk, LineSetRef previous, LineSetRef synced) {
        if (previous != null && (synced == null || !previous.setId().equals(synced.setId()))) {
            deleteSetQuietly(pk, previous);
        }
    }

    private boolean commitSnapshot(String companyId, String pk, ContractSnapshot s, LineSetRef set,
            PendingChanges pending, boolean imported, long rev) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":company", s(companyId));
        values.put(":contract", s(s.contractId()));
        values.put(":job", s(s.jobNumber()));
        values.put(":title", s(s.title()));
        values.put(":status", s(s.status().wire()));
        values.put(":v", n(s.erpVersion()));
        values.put(":amount", money(s.originalContractAmount()));
        values.put(":set", s(set.setId()));
        values.put(":chunks", n(set.chunks()));
        values.put(":lines", n(set.lines()));
        values.put(":pa", n(pending.added()));
        values.put(":pc", n(pending.changed()));
        values.put(":pr", n(pending.removed()));
        values.put(":gpk", s(Keys.listing(companyId, imported)));
        values.put(":newRev", n(rev + 1));
        StringBuilder update = new StringBuilder("SET companyId = :company, contractId = :contract, jobNumber = :job,"
                + " title = :title, erpStatus = :status, erpVersion = :v, erpAmount = :amount, curSet = :set,"
                + " curChunks = :chunks, curLines = :lines, pendAdd = :pa, pendChg = :pc, pendRem = :pr,"
                + " gsi1pk = :gpk, gsi1sk = :contract, rev = :newRev");
        if (s.retainagePercent() != null) {
            values.put(":ret", money(s.retainagePercent()));
            update.append(", retainage = :ret");
        } else {
            update.append(" REMOVE retainage");
        }
        String condition;
        if (rev == 0) {
            condition = "attribute_not_exists(rev)";
        } else {
            condition = "rev = :rev";
            values.put(":rev", n(rev));
        }
        return conditionalUpdate(pk, Keys.HEAD, update.toString(), condition, Map.of(), values);
    }

    /**
     * Records that the ERP deleted the contract at this version. Content and deletion are kept apart, so a
     * deletion that arrives before the snapshot it follows still wins, whatever the delivery order.
     */
    public ApplyResult applyDeletion(String companyId, String contractId, long erpVersion) {
        Map<String, AttributeValue> values = Map.of(
                ":company", s(companyId), ":contract", s(contractId), ":v", n(erpVersion),
                ":zero", n(0), ":one", n(1));
        boolean applied = conditionalUpdate(Keys.contract(companyId, contractId), Keys.HEAD,
                "SET companyId = :company, contractId = :contract, deletedVersion = :v,"
                        + " rev = if_not_exists(rev, :zero) + :one",
                "(attribute_not_exists(deletedVersion) OR deletedVersion < :v)"
                        + " AND (attribute_not_exists(erpVersion) OR erpVersion <= :v)",
                Map.of(), values);
        return applied ? ApplyResult.APPLIED : ApplyResult.STALE;
    }

    // ---------------------------------------------------------------- project side

    /** A job synced to a project (projectId) or unsynced (projectId null), unless a later event already said otherwise. */
    public ApplyResult applyJob(String companyId, String jobNumber, String projectId, EventStamp stamp) {
        Map<String, AttributeValue> values = new HashMap<>(stampValues(stamp));
        values.put(":company", s(companyId));
        values.put(":job", s(jobNumber));
        String update = "SET companyId = :company, jobNumber = :job, ts = :ts, eid = :eid";
        if (projectId != null) {
            values.put(":project", s(projectId));
            update += ", projectId = :project";
        } else {
            update += " REMOVE projectId";
        }
        boolean applied = conditionalUpdate(Keys.job(companyId, jobNumber), Keys.JOB, update,
                "attribute_not_exists(ts) OR ts < :ts OR (ts = :ts AND eid < :eid)", Map.of(), values);
        return applied ? ApplyResult.APPLIED : ApplyResult.STALE;
    }

    public ApplyResult applyLink(String companyId, String contractId, String projectId, boolean linked, EventStamp stamp) {
        Map<String, AttributeValue> register = new HashMap<>();
        register.put("on", bool(linked));
        register.put("ts", n(stamp.epochMillis()));
        register.put("eid", s(stamp.eventId()));
        return applyRegister(companyId, contractId, Keys.LINK_ATTR_PREFIX + projectId, register, stamp);
    }

    public ApplyResult applyPcco(String companyId, String contractId, String projectId, String pccoId,
            PccoStatus status, EventStamp stamp) {
        Map<String, AttributeValue> register = new HashMap<>();
        register.put("st", s(status.wire()));
        register.put("prj", s(projectId));
        register.put("ts", n(stamp.epochMillis()));
        register.put("eid", s(stamp.eventId()));
        return applyRegister(companyId, contractId, Keys.PCCO_ATTR_PREFIX + pccoId, register, stamp);
    }

    /**
     * Links and change orders live as one attribute each on the contract's head, so that the "later event wins"
     * check and the write are one conditional update. They move {@code rev}: a sync evaluated before them
     * must not commit after them.
     */
    private ApplyResult applyRegister(String companyId, String contractId, String attribute,
            Map<String, AttributeValue> register, EventStamp stamp) {
        Map<String, AttributeValue> values = new HashMap<>(stampValues(stamp));
        values.put(":company", s(companyId));
        values.put(":contract", s(contractId));
        values.put(":reg", map(register));
        values.put(":zero", n(0));
        values.put(":one", n(1));
        boolean applied = conditionalUpdate(Keys.contract(companyId, contractId), Keys.HEAD,
                "SET companyId = :company, contractId = :contract, #r = :reg, rev = if_not_exists(rev, :zero) + :one",
                "attribute_not_exists(#r) OR #r.ts < :ts OR (#r.ts = :ts AND #r.eid < :eid)",
                Map.of("#r", attribute), values);
        return applied ? ApplyResult.APPLIED : ApplyResult.STALE;
    }

    private static Map<String, AttributeValue> stampValues(EventStamp stamp) {
        return Map.of(":ts", n(stamp.epochMillis()), ":eid", s(stamp.eventId()));
    }

    // ---------------------------------------------------------------- reads

    /** The contract's head alone, or empty when no ERP snapshot of it is known. */
    public Optional<ContractHead> head(String companyId, String contractId) {
        Map<String, AttributeValue> item = getItem(Keys.contract(companyId, contractId), Keys.HEAD);
        ContractHead head = item.isEmpty() ? null : toHead(item);
        return head == null || !head.known() ? Optional.empty() : Optional.of(head);
    }

    /**
     * The contract whole, in two requests for contracts up to about two thousand lines: one query for the head
     * and its line chunks (they share a partition and sort before the history), one read of the job.
     */
    public Optional<ContractDetail> load(String companyId, String contractId) {
        String pk = Keys.contract(companyId, contractId);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> headItem = null;
            Map<String, TreeMap<String, byte[]>> sets = new HashMap<>();
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page = table.client().query(QueryRequest.builder()
                        .tableName(table.name())
                        .keyConditionExpression("pk = :pk AND sk < :end")
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":end", s(Keys.BEFORE_HISTORY)))
                        .consistentRead(true)
                        .exclusiveStartKey(start)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                        .build());
                for (Map<String, AttributeValue> item : page.items()) {
                    String sk = str(item, Keys.SK);
                    if (Keys.HEAD.equals(sk)) {
                        headItem = item;
                    } else if (sk.startsWith(Keys.CHUNK_PREFIX)) {
                        String rest = sk.substring(Keys.CHUNK_PREFIX.length());
                        int hash = rest.lastIndexOf('#');
                        sets.computeIfAbsent(rest.substring(0, hash), k -> new TreeMap<>())
                                .put(rest.substring(hash + 1), bytes(item, LINES));
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
            if (headItem == null) {
                return Optional.empty();
            }
            ContractHead head = toHead(headItem);
            if (!head.known()) {
                return Optional.empty();
            }
            List<LineItem> current = linesOf(sets, head.current());
            List<LineItem> synced = head.synced() == null ? List.of() : linesOf(sets, head.synced());
            if (current == null || synced == null) {
                continue; // a set was replaced between reading the head and reading its chunks
            }
            List<String> unreferenced = new ArrayList<>();
            for (String setId : sets.keySet()) {
                if (!setId.equals(head.current().setId()) && (head.synced() == null || !setId.equals(head.synced().setId()))) {
                    unreferenced.add(setId);
                }
            }
            return Optional.of(new ContractDetail(head, jobProject(companyId, head.jobNumber()), current, synced, unreferenced));
        }
        throw new ConcurrentChangeException("contract kept changing while it was read");
    }

    /** The project the job is synced to, or null. */
    public String jobProject(String companyId, String jobNumber) {
        if (jobNumber == null) {
            return null;
        }
        return str(getItem(Keys.job(companyId, jobNumber), Keys.JOB), "projectId");
    }

    /**
     * One page of the company's synced (imported) or staged (never imported) contracts, ordered by contract id:
     * one query of the status index and one batch read of the jobs on the page.
     */
    public Page<Listing> list(String companyId, boolean synced, String afterContractId, int limit) {
        String gpk = Keys.listing(companyId, synced);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table.name())
                .indexName(Keys.BY_STATUS)
                .keyConditionExpression("gsi1pk = :g")
                .expressionAttributeValues(Map.of(":g", s(gpk)))
                .limit(limit + 1)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
        if (afterContractId != null) {
            query.exclusiveStartKey(Map.of(
                    Keys.GSI1PK, s(gpk), Keys.GSI1SK, s(afterContractId),
                    Keys.PK, s(Keys.contract(companyId, afterContractId)), Keys.SK, s(Keys.HEAD)));
        }
        QueryResponse response = table.client().query(query.build());
        List<ContractHead> heads = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            heads.add(toHead(item));
        }
        String next = null;
        if (heads.size() > limit) {
            heads = heads.subList(0, limit);
            next = heads.get(limit - 1).contractId();
        } else if (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !heads.isEmpty()) {
            next = heads.get(heads.size() - 1).contractId();
        }
        Map<String, String> jobs = jobProjects(companyId, heads);
        List<Listing> listings = new ArrayList<>(heads.size());
        for (ContractHead head : heads) {
            listings.add(new Listing(head, jobs.get(head.jobNumber())));
        }
        return new Page<>(listings, next);
    }

    private Map<String, String> jobProjects(String companyId, List<ContractHead> heads) {
        Set<String> jobNumbers = new LinkedHashSet<>();
        for (ContractHead head : heads) {
            if (head.jobNumber() != null) {
                jobNumbers.add(head.jobNumber());
            }
        }
        Map<String, String> projects = new HashMap<>();
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String jobNumber : jobNumbers) {
            keys.add(Map.of(Keys.PK, s(Keys.job(companyId, jobNumber)), Keys.SK, s(Keys.JOB)));
        }
        // a page holds at most 100 contracts, so their jobs fit in one batch read (100 keys)
        for (int round = 0; !keys.isEmpty(); round++) {
            if (round == MAX_ATTEMPTS) {
                throw new StoreBusyException("DynamoDB left job reads unprocessed");
            }
            List<Map<String, AttributeValue>> batch = keys;
            BatchGetItemResponse response = table.client().batchGetItem(b -> b
                    .requestItems(Map.of(table.name(), KeysAndAttributes.builder().keys(batch).consistentRead(true)
                            .projectionExpression("jobNumber, projectId").build()))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table.name(), List.of())) {
                if (str(item, "projectId") != null) {
                    projects.put(str(item, "jobNumber"), str(item, "projectId"));
                }
            }
            KeysAndAttributes unprocessed = response.hasUnprocessedKeys() ? response.unprocessedKeys().get(table.name()) : null;
            keys = unprocessed == null ? List.of() : unprocessed.keys();
        }
        return projects;
    }

    /** The contract's sync history, newest first. Empty when the contract is unknown. */
    public Optional<Page<SyncRecord>> history(String companyId, String contractId, String afterSortKey, int limit) {
        Optional<ContractHead> head = head(companyId, contractId);
        if (head.isEmpty()) {
            return Optional.empty();
        }
        String pk = Keys.contract(companyId, contractId);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table.name())
                .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(Keys.SYNC_PREFIX)))
                .scanIndexForward(false)
                .limit(limit + 1)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
        if (afterSortKey != null) {
            query.exclusiveStartKey(Map.of(Keys.PK, s(pk), Keys.SK, s(afterSortKey)));
        }
        List<SyncRecord> records = new ArrayList<>();
        List<String> sortKeys = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.client().query(query.build()).items()) {
            records.add(toSyncRecord(item));
            sortKeys.add(str(item, Keys.SK));
        }
        // The newest record lives on the head from the moment of its commit; its history item may lag behind.
        ContractHead h = head.get();
        SyncRecord last = h.lastSync();
        if (afterSortKey == null && last != null
                && records.stream().noneMatch(r -> r.syncId().equals(last.syncId()))) {
            records.add(0, last);
            sortKeys.add(0, Keys.sync(h.lastSyncRev(), last.syncId()));
        }
        String next = null;
        if (records.size() > limit) {
            records = records.subList(0, limit);
            next = sortKeys.get(limit - 1);
        }
        return Optional.of(new Page<>(records, next));
    }

    /** Whether a history cursor has the shape this store hands out. */
    public static boolean isHistoryCursor(String sortKey) {
        return sortKey != null && sortKey.matches("S#[0-9]{13}#[A-Za-z0-9-]{1,64}");
    }

    // ---------------------------------------------------------------- import and re-import

    /**
     * Makes the ERP lines read in {@code basis} the project's lines, in one conditional update of the head.
     *
     * @throws ConcurrentChangeException when anything that matters changed since {@code basis} was read
     */
    public SyncRecord commitSync(String companyId, ContractDetail basis, SyncRecord record) {
        ContractHead head = basis.head();
        String pk = Keys.contract(companyId, head.contractId());
        if (head.lastSync() != null) {
            // the head is about to forget its newest record; make sure the history has it first
            putHistory(pk, head.lastSync(), head.lastSyncRev());
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":v", n(head.erpVersion()));
        values.put(":set", s(head.current().setId()));
        values.put(":chunks", n(head.current().chunks()));
        values.put(":lines", n(head.current().lines()));
        values.put(":amount", money(record.newAmount()));
        values.put(":at", s(record.syncedAt().toString()));
        Map<String, AttributeValue> recordItem = new HashMap<>(syncRecordItem(record));
        recordItem.put("rev", n(head.rev() + 1));
        values.put(":rec", map(recordItem));
        values.put(":zero", n(0));
        values.put(":gpk", s(Keys.listing(companyId, true)));
        values.put(":rev", n(head.rev()));
        values.put(":newRev", n(head.rev() + 1));
        StringBuilder update = new StringBuilder("SET syncedVersion = :v, syncedSet = :set, syncedChunks = :chunks,"
                + " syncedLines = :lines, contractAmount = :amount, lastSyncedAt = :at, lastSync = :rec,"
                + " pendAdd = :zero, pendChg = :zero, pendRem = :zero, gsi1pk = :gpk, rev = :newRev");
        Map<String, String> names = new HashMap<>();
        if (record.kind() == SyncRecord.Kind.IMPORT) {
            // the import creates the contract in the project, which links it there
            names.put("#l", Keys.LINK_ATTR_PREFIX + record.projectId());
            values.put(":link", map(Map.of("on", bool(true), "ts", n(record.syncedAt().toEpochMilli()),
                    "eid", s("import:" + record.syncId()))));
            update.append(", #l = :link");
        }
        if (!conditionalUpdate(pk, Keys.HEAD, update.toString(), "rev = :rev", names, values)
                && !holdsSync(pk, record.syncId())) {
            throw new ConcurrentChangeException("contract changed since it was evaluated");
        }
        // Committed. What follows only tidies up; a failure here must not turn a done sync into an error.
        try {
            putHistory(pk, record, head.rev() + 1);
            if (head.synced() != null && !head.synced().setId().equals(head.current().setId())) {
                deleteSetQuietly(pk, head.synced());
            }
            long now = clock.millis();
            for (String setId : basis.unreferencedSets()) {
                if (setAgeMillis(setId, now) > ORPHAN_AGE_MILLIS) {
                    deleteSetQuietly(pk, new LineSetRef(setId, -1, 0));
                }
            }
        } catch (RuntimeException tidyFailure) {
            // the history item is restored from the head by readers and by the next sync
        }
        return record;
    }

    /**
     * Whether the head's newest sync is this one. A commit whose answer was lost is retried by the SDK, and the
     * retry fails its condition against the commit itself; that is a success, not a lost race.
     */
    private boolean holdsSync(String pk, String syncId) {
        Map<String, AttributeValue> lastSync = mapOf(getItem(pk, Keys.HEAD), "lastSync");
        return lastSync != null && syncId.equals(str(lastSync, "syncId"));
    }

    /** History is ordered by the head revision each sync committed at: commit order, whatever the clocks say. */
    private void putHistory(String pk, SyncRecord record, long rev) {
        Map<String, AttributeValue> item = new HashMap<>(syncRecordItem(record));
        item.put(Keys.PK, s(pk));
        item.put(Keys.SK, s(Keys.sync(rev, record.syncId())));
        table.client().putItem(b -> b.tableName(table.name()).item(item).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    }

    // ---------------------------------------------------------------- line sets

    private String newSetId() {
        return String.format("%012x%08x", clock.millis(), RANDOM.nextInt());
    }

    private static long setAgeMillis(String setId, long now) {
        try {
            return now - Long.parseLong(setId.substring(0, 12), 16);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void writeSet(String pk, String setId, List<byte[]> chunks) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            items.add(Map.of(Keys.PK, s(pk), Keys.SK, s(Keys.chunk(setId, i)), LINES,
                    AttributeValue.fromB(SdkBytes.fromByteArray(chunks.get(i)))));
        }
        table.putAll(items);
    }

    /** The set's lines, or null when its chunks are not all there (it was replaced and removed meanwhile). */
    private List<LineItem> readSet(String pk, LineSetRef set) {
        Map<String, TreeMap<String, byte[]>> sets = new HashMap<>();
        TreeMap<String, byte[]> chunks = new TreeMap<>();
        sets.put(set.setId(), chunks);
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.client().query(QueryRequest.builder()
                    .tableName(table.name())
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(Keys.chunkSetPrefix(set.setId()))))
                    .consistentRead(true)
                    .exclusiveStartKey(start)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                String sk = str(item, Keys.SK);
                chunks.put(sk.substring(sk.lastIndexOf('#') + 1), bytes(item, LINES));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return linesOf(sets, set);
    }

    private static List<LineItem> linesOf(Map<String, TreeMap<String, byte[]>> sets, LineSetRef ref) {
        TreeMap<String, byte[]> chunks = sets.get(ref.setId());
        if (chunks == null || chunks.size() != ref.chunks()) {
            return null;
        }
        List<LineItem> lines = new ArrayList<>(ref.lines());
        for (byte[] chunk : chunks.values()) {
            LineCodec.decode(chunk, lines);
        }
        return lines.size() == ref.lines() ? lines : null;
    }

    private void deleteSetQuietly(String pk, LineSetRef set) {
        try {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            if (set.chunks() >= 0) {
                for (int i = 0; i < set.chunks(); i++) {
                    keys.add(Map.of(Keys.PK, s(pk), Keys.SK, s(Keys.chunk(set.setId(), i))));
                }
            } else {
                for (Map<String, AttributeValue> item : table.client().query(b -> b.tableName(table.name())
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":p", s(Keys.chunkSetPrefix(set.setId()))))
                        .projectionExpression("pk, sk")).items()) {
                    keys.add(item);
                }
            }
            table.deleteAll(keys);
        } catch (RuntimeException e) {
            // unreferenced chunks are harmless; the next sync of this contract removes left-overs
        }
    }

    // ---------------------------------------------------------------- item mapping

    private Map<String, AttributeValue> getItem(String pk, String sk) {
        Map<String, AttributeValue> item = table.client().getItem(b -> b.tableName(table.name())
                .key(Map.of(Keys.PK, s(pk), Keys.SK, s(sk)))
                .consistentRead(true)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).item();
        return item == null ? Map.of() : item;
    }

    private boolean conditionalUpdate(String pk, String sk, String update, String condition,
            Map<String, String> names, Map<String, AttributeValue> values) {
        try {
            table.client().updateItem(b -> {
                b.tableName(table.name())
                        .key(Map.of(Keys.PK, s(pk), Keys.SK, s(sk)))
                        .updateExpression(update)
                        .conditionExpression(condition)
                        .expressionAttributeValues(values)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
                if (!names.isEmpty()) {
                    b.expressionAttributeNames(names);
                }
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static byte[] bytes(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.b() == null ? new byte[0] : v.b().asByteArrayUnsafe();
    }

    private static LineSetRef lineSet(Map<String, AttributeValue> item, String prefix) {
        String setId = str(item, prefix + "Set");
        if (setId == null) {
            return null;
        }
        return new LineSetRef(setId, (int) num(item, prefix + "Chunks", 0), (int) num(item, prefix + "Lines", 0));
    }

    static ContractHead toHead(Map<String, AttributeValue> item) {
        long erpVersion = num(item, "erpVersion", 0);
        long deletedVersion = num(item, "deletedVersion", 0);
        Set<String> linked = new TreeSet<>();
        Set<String> approved = new TreeSet<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (e.getKey().startsWith(Keys.LINK_ATTR_PREFIX) && e.getValue().hasM()
                    && bool(e.getValue().m(), "on")) {
                linked.add(e.getKey().substring(Keys.LINK_ATTR_PREFIX.length()));
            } else if (e.getKey().startsWith(Keys.PCCO_ATTR_PREFIX) && e.getValue().hasM()
                    && PccoStatus.APPROVED.wire().equals(str(e.getValue().m(), "st"))) {
                approved.add(e.getKey().substring(Keys.PCCO_ATTR_PREFIX.length()));
            }
        }
        Map<String, AttributeValue> lastSync = mapOf(item, "lastSync");
        String lastSyncedAt = str(item, "lastSyncedAt");
        return new ContractHead(
                str(item, "companyId"),
                str(item, "contractId"),
                str(item, "jobNumber"),
                str(item, "title"),
                ContractStatus.fromWire(str(item, "erpStatus")),
                deletedVersion > 0 && deletedVersion >= erpVersion,
                erpVersion,
                decimal(item, "erpAmount"),
                decimal(item, "retainage"),
                lineSet(item, "cur"),
                numOrNull(item, "syncedVersion"),
                lineSet(item, "synced"),
                decimal(item, "contractAmount"),
                lastSyncedAt == null ? null : Instant.parse(lastSyncedAt),
                new PendingChanges((int) num(item, "pendAdd", 0), (int) num(item, "pendChg", 0), (int) num(item, "pendRem", 0)),
                new ArrayList<>(linked),
                new ArrayList<>(approved),
                lastSync == null ? null : toSyncRecord(lastSync),
                lastSync == null ? 0 : num(lastSync, "rev", 0),
                num(item, "rev", 0));
    }

    private static Map<String, AttributeValue> syncRecordItem(SyncRecord r) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("syncId", s(r.syncId()));
        m.put("kind", s(r.kind().wire()));
        m.put("syncedAt", s(r.syncedAt().toString()));
        m.put("syncedBy", s(r.syncedBy()));
        m.put("projectId", s(r.projectId()));
        m.put("erpVersion", n(r.erpVersion()));
        m.put("previousAmount", money(r.previousAmount()));
        m.put("newAmount", money(r.newAmount()));
        m.put("added", n(r.added()));
        m.put("changed", n(r.changed()));
        m.put("removed", n(r.removed()));
        return m;
    }

    private static SyncRecord toSyncRecord(Map<String, AttributeValue> m) {
        return new SyncRecord(
                str(m, "syncId"),
                SyncRecord.Kind.fromWire(str(m, "kind")),
                Instant.parse(str(m, "syncedAt")),
                str(m, "syncedBy"),
                str(m, "projectId"),
                num(m, "erpVersion", 0),
                new BigDecimal(str(m, "previousAmount")),
                new BigDecimal(str(m, "newAmount")),
                (int) num(m, "added", 0),
                (int) num(m, "changed", 0),
                (int) num(m, "removed", 0));
    }
}
