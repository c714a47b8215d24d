package io.primesync.store;

import static io.primesync.store.Attr.bool;
import static io.primesync.store.Attr.map;
import static io.primesync.store.Attr.mapOf;
import static io.primesync.store.Attr.money;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.num;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.HeadItem.*;

import io.primesync.domain.ContractDiff;
import io.primesync.domain.ContractSnapshot;
import io.primesync.domain.LineItem;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.Sync;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The store's operations on contracts, each a few single-item conditional writes: a snapshot or a deletion from the
 * ERP, a fact from the project side, the acceptance of an import or re-import and its worker's lease, progress and
 * end; and the reads the use cases make.
 *
 * <p>Line items are immutable sets ({@link LineSets}); a contract's head item ({@link HeadItem}) names the set that is
 * current, the set Procore holds, and the sync being written. Every change that matters to a sync moves the head's
 * revision, and a sync is accepted by one conditional update of the head at the revision it was evaluated at, while
 * no other is active: a failure at any point leaves the old head or the new one, never a mix, and of two concurrent
 * re-imports only one is accepted. Its end (applied or failed) is one conditional update too. STORE.md has the key
 * layout.
 */
public final class ContractStore implements ContractRecords {
    private static final int MAX_ATTEMPTS = 6;

    private final Table table;
    private final LineSets lineSets;
    private final SyncItems syncs;
    private final ProcoreFacts facts;

    public ContractStore(Table table, Clock clock) {
        this.table = table;
        this.lineSets = new LineSets(table, clock);
        this.syncs = new SyncItems(table);
        this.facts = new ProcoreFacts(table);
    }

    // ---------------------------------------------------------------- ERP side

    /** Stores a snapshot unless a snapshot of the same or a later ERP version is already stored. */
    public ApplyResult applySnapshot(String companyId, ContractSnapshot snapshot) {
        String pk = Keys.contract(companyId, snapshot.contractId());
        LineSetRef written = null;
        // what the last commit attempt would replace, in case it went through without us hearing of it
        LineSetRef supersededByAttempt = null;
        LineSetRef syncedAtAttempt = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> item = table.get(Keys.key(pk, Keys.HEAD));
            LineSetRef current = lineSet(item, CURRENT_LINES);
            if (written != null && current != null && written.setId().equals(current.setId())) {
                // Our commit was applied although its answer was lost: the SDK's retry of it then failed the
                // condition. The head names our set now; removing it as a refused snapshot's would corrupt it.
                dropSuperseded(pk, supersededByAttempt, syncedAtAttempt);
                return ApplyResult.APPLIED;
            }
            if (snapshot.erpVersion() <= num(item, ERP_VERSION, 0)) {
                if (written != null) {
                    lineSets.deleteQuietly(pk, written);
                }
                return ApplyResult.STALE;
            }
            if (written == null) {
                written = lineSets.write(pk, snapshot.lineItems());
            }
            LineSetRef synced = lineSet(item, SYNCED_LINES);
            List<LineItem> syncedLines = List.of();
            if (synced != null) {
                syncedLines = lineSets.read(pk, synced);
                if (syncedLines == null) {
                    continue; // a re-import replaced the synced set while we read it
                }
            }
            PendingChanges pending = ContractDiff.between(syncedLines, snapshot.lineItems()).counts();
            // a set an active sync is writing to Procore stays until that sync has ended
            LineSetRef activeTarget = lineSet(mapOf(item, ACTIVE_SYNC) == null ? Map.of() : mapOf(item, ACTIVE_SYNC),
                    TARGET_LINES);
            supersededByAttempt = activeTarget != null && current != null
                    && activeTarget.setId().equals(current.setId()) ? null : current;
            syncedAtAttempt = synced;
            if (table.update(Keys.key(pk, Keys.HEAD), snapshotUpdate(companyId, snapshot, written, pending,
                    synced != null, num(item, REVISION, 0)))) {
                dropSuperseded(pk, supersededByAttempt, synced);
                return ApplyResult.APPLIED;
            }
        }
        throw new ConcurrentChangeException("contract kept changing while a snapshot was stored");
    }

    /** Removes the current set a snapshot replaced, unless the project still holds it. */
    private void dropSuperseded(String pk, LineSetRef previous, LineSetRef synced) {
        if (previous != null && (synced == null || !previous.setId().equals(synced.setId()))) {
            lineSets.deleteQuietly(pk, previous);
        }
    }

    private static Update snapshotUpdate(String companyId, ContractSnapshot s, LineSetRef set, PendingChanges pending,
            boolean imported, long revision) {
        Update u = new Update()
                .set(COMPANY_ID, s(companyId))
                .set(CONTRACT_ID, s(s.contractId()))
                .set(JOB_NUMBER, s(s.jobNumber()))
                .set(TITLE, s(s.title()))
                .set(ERP_STATUS, s(s.status().wire()))
                .set(ERP_VERSION, n(s.erpVersion()))
                .set(ERP_AMOUNT, money(s.originalContractAmount()))
                .setOrRemove(RETAINAGE_PERCENT, s.retainagePercent() == null ? null : money(s.retainagePercent()))
                .set(CURRENT_LINES, lineSet(set))
                .set(PENDING_CHANGES, pending(pending))
                .set(Keys.GSI1PK, s(Keys.listing(companyId, imported)))
                .set(Keys.GSI1SK, s(s.contractId()))
                .set(REVISION, n(revision + 1));
        return u.when(revision == 0 ? u.absent(REVISION) : u.name(REVISION) + " = " + u.value(n(revision)));
    }

    /**
     * Records that the ERP deleted the contract at this version. Content and deletion are kept apart, so a
     * deletion that arrives before the snapshot it follows still wins, whatever the delivery order.
     */
    public ApplyResult applyDeletion(String companyId, String contractId, long erpVersion) {
        Update u = new Update()
                .set(COMPANY_ID, s(companyId))
                .set(CONTRACT_ID, s(contractId))
                .set(DELETED_VERSION, n(erpVersion))
                .increment(REVISION, 1);
        String v = u.value(n(erpVersion));
        u.when(u.absent(DELETED_VERSION) + " OR " + u.name(DELETED_VERSION) + " < " + v)
                .when(u.absent(ERP_VERSION) + " OR " + u.name(ERP_VERSION) + " <= " + v);
        return table.update(Keys.key(Keys.contract(companyId, contractId), Keys.HEAD), u)
                ? ApplyResult.APPLIED : ApplyResult.STALE;
    }

    // ---------------------------------------------------------------- project side

    /**
     * Whether the contract is in the project (a prime contract there carries its id), and which prime contract it is
     * (null: not known), unless a later read said otherwise.
     */
    public ApplyResult applyLink(String companyId, String contractId, String projectId, boolean linked,
            String primeContractId, EventStamp stamp) {
        Map<String, AttributeValue> register = new HashMap<>();
        register.put(LINKED, bool(linked));
        if (primeContractId != null) {
            register.put(HeadItem.PRIME_CONTRACT_ID, s(primeContractId));
        }
        return applyRegister(companyId, contractId, PROJECT_LINK_PREFIX + projectId, register, stamp);
    }

    /** How many of Procore's line items differ from what was synced, as read at the stamp's time. */
    public ApplyResult applyProcoreLines(String companyId, String contractId, int differing, EventStamp stamp) {
        Map<String, AttributeValue> register = new HashMap<>();
        register.put(HeadItem.DIFFERING, n(differing));
        return applyRegister(companyId, contractId, HeadItem.PROCORE_LINES, register, stamp);
    }

    /** The store of Procore's side: projects' job origins, jobs' projects, prime contracts, the companies. */
    public ProcoreFacts procoreFacts() {
        return facts;
    }

    /** A change order's status, on the prime contract it belongs to in the project, unless a later read said otherwise. */
    public ApplyResult applyPcco(String companyId, String contractId, String projectId, String primeContractId,
            String pccoId, PccoStatus status, EventStamp stamp) {
        Map<String, AttributeValue> register = new HashMap<>();
        register.put(STATUS, s(status.wire()));
        register.put(PROJECT_ID, s(projectId));
        register.put(HeadItem.PRIME_CONTRACT_ID, s(primeContractId));
        return applyRegister(companyId, contractId, CHANGE_ORDER_PREFIX + pccoId, register, stamp);
    }

    /**
     * Links and change orders live as one attribute each on the contract's head, so that the "later event wins"
     * check and the write are one conditional update. They move the revision: a sync evaluated before them must not
     * be accepted after them.
     */
    private ApplyResult applyRegister(String companyId, String contractId, String attribute,
            Map<String, AttributeValue> register, EventStamp stamp) {
        Map<String, AttributeValue> value = new HashMap<>(register);
        value.put(OCCURRED_AT, n(stamp.epochMillis()));
        value.put(EVENT_ID, s(stamp.eventId()));
        Update u = new Update()
                .set(COMPANY_ID, s(companyId))
                .set(CONTRACT_ID, s(contractId))
                .set(attribute, map(value))
                .increment(REVISION, 1);
        u.when(u.absent(attribute) + " OR " + u.laterThanStored(stamp, new String[] {attribute, OCCURRED_AT},
                new String[] {attribute, EVENT_ID}));
        return table.update(Keys.key(Keys.contract(companyId, contractId), Keys.HEAD), u)
                ? ApplyResult.APPLIED : ApplyResult.STALE;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Optional<ContractHead> head(String companyId, String contractId) {
        Map<String, AttributeValue> item = table.get(Keys.key(Keys.contract(companyId, contractId), Keys.HEAD));
        ContractHead head = item.isEmpty() ? null : toHead(item);
        return head == null || !head.known() ? Optional.empty() : Optional.of(head);
    }

    /**
     * In two requests for contracts up to about two thousand lines: one query for the head and its line chunks
     * (they share a partition and sort before the history), one read of the job.
     */
    @Override
    public Optional<ContractDetail> load(String companyId, String contractId) {
        String pk = Keys.contract(companyId, contractId);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<Map<String, AttributeValue>> heads = new ArrayList<>();
            LineSets.Chunks chunks = new LineSets.Chunks();
            table.queryAll(QueryRequest.builder()
                    .keyConditionExpression("pk = :pk AND sk < :end")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":end", s(Keys.BEFORE_HISTORY)))
                    .consistentRead(true), item -> {
                        if (!chunks.add(item) && Keys.HEAD.equals(str(item, Keys.SK))) {
                            heads.add(item);
                        }
                    });
            if (heads.isEmpty()) {
                return Optional.empty();
            }
            ContractHead head = toHead(heads.get(0));
            if (!head.known()) {
                return Optional.empty();
            }
            List<LineItem> current = chunks.lines(head.current());
            List<LineItem> synced = head.synced() == null ? List.of() : chunks.lines(head.synced());
            if (current == null || synced == null) {
                continue; // a set was replaced between reading the head and reading its chunks
            }
            List<String> unreferenced = new ArrayList<>();
            for (String setId : chunks.setIds()) {
                if (!setId.equals(head.current().setId()) && (head.synced() == null || !setId.equals(head.synced().setId()))
                        && (head.active() == null || !setId.equals(head.active().target().setId()))) {
                    unreferenced.add(setId);
                }
            }
            return Optional.of(new ContractDetail(head, facts.jobProjects(companyId, head.jobNumber()), current, synced,
                    unreferenced));
        }
        throw new ConcurrentChangeException("contract kept changing while it was read");
    }

    @Override
    public List<String> jobProjects(String companyId, String jobNumber) {
        return facts.jobProjects(companyId, jobNumber);
    }

    /** One query of the status index and one batch read of the jobs on the page. */
    @Override
    public Page<Listing> list(String companyId, boolean synced, String afterContractId, int limit) {
        String gpk = Keys.listing(companyId, synced);
        QueryRequest.Builder query = QueryRequest.builder()
                .indexName(Keys.BY_STATUS)
                .keyConditionExpression("gsi1pk = :g")
                .expressionAttributeValues(Map.of(":g", s(gpk)))
                .limit(limit + 1);
        if (afterContractId != null) {
            Map<String, AttributeValue> start = new HashMap<>(Keys.key(Keys.contract(companyId, afterContractId), Keys.HEAD));
            start.put(Keys.GSI1PK, s(gpk));
            start.put(Keys.GSI1SK, s(afterContractId));
            query.exclusiveStartKey(start);
        }
        QueryResponse response = table.queryPage(query);
        List<ContractHead> heads = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            heads.add(toHead(item));
        }
        String next = null;
        if (heads.size() > limit) {
            heads = heads.subList(0, limit);
            next = heads.get(limit - 1).contractId();
        } else if (Table.lastKey(response) != null && !heads.isEmpty()) {
            next = heads.get(heads.size() - 1).contractId();
        }
        Map<String, List<String>> jobs = jobProjects(companyId, heads);
        List<Listing> listings = new ArrayList<>(heads.size());
        for (ContractHead head : heads) {
            listings.add(new Listing(head, jobs.getOrDefault(head.jobNumber(), List.of())));
        }
        return new Page<>(listings, next);
    }

    /** A page holds at most 100 contracts, so their jobs fit in one batch read. */
    private Map<String, List<String>> jobProjects(String companyId, List<ContractHead> heads) {
        Set<String> jobNumbers = new LinkedHashSet<>();
        for (ContractHead head : heads) {
            if (head.jobNumber() != null) {
                jobNumbers.add(head.jobNumber());
            }
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String jobNumber : jobNumbers) {
            keys.add(Keys.key(Keys.job(companyId, jobNumber), Keys.JOB));
        }
        Map<String, List<String>> projects = new HashMap<>();
        for (Map<String, AttributeValue> item : table.getAll(keys, null)) {
            projects.put(str(item, JobItem.JOB_NUMBER), ProcoreFacts.jobProjects(item));
        }
        return projects;
    }

    @Override
    public Optional<Page<Sync>> history(String companyId, String contractId, String afterSortKey, int limit) {
        return head(companyId, contractId)
                .map(head -> syncs.page(Keys.contract(companyId, contractId), head, afterSortKey, limit));
    }


    @Override
    public boolean isHistoryCursor(String sortKey) {
        return Keys.isSync(sortKey);
    }

    // ---------------------------------------------------------------- import and re-import

    /**
     * Accepts a sync: writes it as its own item, then names it on the head as the active sync, in one conditional
     * update at the revision {@code basis} was read at and only when no other sync is active. That update is where
     * "exactly once" is decided: of two concurrent requests only one can make it.
     *
     * @param target the line set the sync brings Procore to (the ERP set that was evaluated)
     * @throws ConcurrentChangeException when anything that matters changed since {@code basis} was read
     */
    @Override
    public Sync acceptSync(String companyId, ContractDetail basis, Sync pending, LineSetRef target) {
        ContractHead head = basis.head();
        String pk = Keys.contract(companyId, head.contractId());
        long revision = head.rev() + 1;
        syncs.putPending(companyId, pk, pending, revision);
        if (head.lastSync() != null && head.lastSync().finished()) {
            // the head is about to forget its newest record; make sure its item says how it ended
            syncs.finish(pk, head.lastSync(), head.lastSyncRev());
        }
        Map<String, AttributeValue> active = new HashMap<>(SyncItems.toItem(pending, revision));
        active.put(TARGET_LINES, lineSet(target));
        Update u = new Update()
                .set(ACTIVE_SYNC, map(active))
                .set(LAST_SYNC, map(SyncItems.toItem(pending, revision)))
                .set(REVISION, n(revision));
        u.when(u.name(REVISION) + " = " + u.value(n(head.rev()))).when(u.absent(ACTIVE_SYNC));
        if (!table.update(Keys.key(pk, Keys.HEAD), u) && !activeIs(pk, pending.syncId())) {
            syncs.deleteQuietly(pk, revision, pending.syncId());
            throw new ConcurrentChangeException("contract changed since it was evaluated");
        }
        lineSets.deleteOrphansQuietly(pk, basis.unreferencedSets());
        if (pending.kind() == Sync.Kind.IMPORT) {
            // a company with an imported contract is one the reconciliation reads Procore for
            facts.registerCompany(companyId);
        }
        return pending;
    }

    /**
     * Whether the head's active sync is this one. An update whose answer was lost is retried by the SDK, and the
     * retry fails its condition against the update itself; that is a success, not a lost race.
     */
    private boolean activeIs(String pk, String syncId) {
        Map<String, AttributeValue> active = mapOf(table.get(Keys.key(pk, Keys.HEAD)), ACTIVE_SYNC);
        return active != null && syncId.equals(str(active, SyncItems.SYNC_ID));
    }

    /** The lines of a line set of the contract (a sync's target), or null when the set is gone. */
    public List<LineItem> lines(String companyId, String contractId, LineSetRef set) {
        return lineSets.read(Keys.contract(companyId, contractId), set);
    }

    /** Takes a sync's lease for a worker; false when another live worker holds it or the sync is finished. */
    public boolean leaseSync(String companyId, String contractId, long revision, String syncId, String owner,
            long nowMillis, long untilMillis) {
        return syncs.lease(Keys.contract(companyId, contractId), revision, syncId, owner, nowMillis, untilMillis);
    }

    /** Records a worker's progress and renews its lease; false when the lease is not its own any more. */
    public boolean syncProgress(String companyId, String contractId, long revision, Sync sync, String owner,
            long untilMillis) {
        return syncs.progress(Keys.contract(companyId, contractId), revision, sync, owner, untilMillis);
    }

    public void releaseSync(String companyId, String contractId, long revision, String syncId, String owner) {
        syncs.releaseQuietly(Keys.contract(companyId, contractId), revision, syncId, owner);
    }

    /** The item of a sync about to be written, as the head accepted it, when its own item is missing. */
    public void ensureSyncItem(String companyId, String contractId, ContractHead.ActiveSync active) {
        syncs.putPending(companyId, Keys.contract(companyId, contractId), active.sync(), active.revision());
    }

    /**
     * Ends the active sync. Applied: the head now says Procore holds the target set at the sync's ERP version, and the
     * pending changes are what the ERP has beyond it. Failed: the synced state stays as it was, so the contract keeps its
     * unsynced changes and can be re-imported again. A no-op when the sync is no longer the head's active one.
     *
     * @return whether this call ended it
     */
    public boolean finishSync(String companyId, String contractId, Sync finished) {
        String pk = Keys.contract(companyId, contractId);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> item = table.get(Keys.key(pk, Keys.HEAD));
            ContractHead head = toHead(item);
            if (head.active() == null || !head.active().sync().syncId().equals(finished.syncId())) {
                return false;
            }
            long syncRevision = head.active().revision();
            Update u = new Update()
                    .set(LAST_SYNC, map(SyncItems.toItem(finished, syncRevision)))
                    .remove(ACTIVE_SYNC)
                    .set(REVISION, n(head.rev() + 1));
            if (finished.procorePrimeContractId() != null) {
                u.set(PROCORE_PRIME_CONTRACT_ID, s(finished.procorePrimeContractId()));
            }
            LineSetRef target = head.active().target();
            if (finished.status() == Sync.Status.APPLIED) {
                PendingChanges pending = pendingBeyond(pk, head, target);
                if (pending == null) {
                    continue; // the current set was replaced while we read it
                }
                u.set(SYNCED_VERSION, n(finished.erpVersion()))
                        .set(SYNCED_LINES, lineSet(target))
                        .set(CONTRACT_AMOUNT, money(finished.newAmount()))
                        .set(LAST_SYNCED_AT, s(finished.finishedAt().toString()))
                        .set(PENDING_CHANGES, pending(pending))
                        .set(Keys.GSI1PK, s(Keys.listing(companyId, true)))
                        // Procore now holds what was synced: no drift, as of the end (a read before it is older)
                        .set(HeadItem.PROCORE_LINES, map(Map.of(HeadItem.DIFFERING, n(0),
                                OCCURRED_AT, n(finished.finishedAt().toEpochMilli()), EVENT_ID, s("sync:" + finished.syncId()))));
                if (finished.procorePrimeContractId() != null) {
                    // the sync wrote to the contract's prime contract in the project (the import made it): it is
                    // linked there, to that prime contract
                    u.set(PROJECT_LINK_PREFIX + finished.projectId(), map(Map.of(LINKED, bool(true),
                            HeadItem.PRIME_CONTRACT_ID, s(finished.procorePrimeContractId()),
                            OCCURRED_AT, n(finished.finishedAt().toEpochMilli()),
                            EVENT_ID, s((finished.kind() == Sync.Kind.IMPORT ? "import:" : "sync:") + finished.syncId()))));
                }
            }
            u.when(u.name(REVISION) + " = " + u.value(n(head.rev())));
            if (!table.update(Keys.key(pk, Keys.HEAD), u)) {
                continue; // a snapshot or a project-side fact came in meanwhile: read the head again
            }
            // Ended. What follows only tidies up.
            if (finished.status() == Sync.Status.APPLIED && finished.procorePrimeContractId() != null) {
                try {
                    // the prime contract the product writes, known before Procore's delivery of it comes in
                    facts.applyPrimeContract(companyId, new ProcoreFacts.PrimeContractRef(
                            finished.procorePrimeContractId(), contractId, finished.projectId(), false),
                            new EventStamp(finished.finishedAt().toEpochMilli(), "sync:" + finished.syncId()));
                } catch (RuntimeException missed) {
                    // the reconciliation finds the prime contract by its origin id
                }
            }
            try {
                syncs.finish(pk, finished, syncRevision);
                if (finished.status() == Sync.Status.APPLIED && head.synced() != null
                        && !head.synced().setId().equals(target.setId())
                        && !head.synced().setId().equals(head.current().setId())) {
                    lineSets.deleteQuietly(pk, head.synced());
                }
            } catch (RuntimeException tidyFailure) {
                // readers take the head's record over a lagging item, and the next sync restores it
            }
            return true;
        }
        throw new ConcurrentChangeException("contract kept changing while a sync was ended");
    }

    /** What a re-import would change once Procore holds {@code target}; null when a set was replaced meanwhile. */
    private PendingChanges pendingBeyond(String pk, ContractHead head, LineSetRef target) {
        if (head.current().setId().equals(target.setId())) {
            return PendingChanges.NONE;
        }
        List<LineItem> now = lineSets.read(pk, head.current());
        List<LineItem> then = lineSets.read(pk, target);
        return now == null || then == null ? null : ContractDiff.between(then, now).counts();
    }

    @Override
    public Optional<Sync> sync(String companyId, String contractId, String syncId) {
        return head(companyId, contractId).flatMap(h -> syncs.find(Keys.contract(companyId, contractId), h, syncId));
    }

    /** An unfinished sync as the sweeper sees it: where it is, and until when its worker's lease runs. */
    public record Unfinished(String companyId, String contractId, String syncId, long revision, Instant requestedAt,
            long leaseUntilMillis) {}

    /** Syncs not yet applied or failed, of every company, oldest first. */
    public List<Unfinished> unfinishedSyncs(int limit) {
        List<Unfinished> out = new ArrayList<>();
        for (SyncItems.Stored s : syncs.unfinished(limit)) {
            out.add(new Unfinished(s.companyId(), s.sync().contractId(), s.sync().syncId(), s.revision(),
                    s.sync().requestedAt(), s.leaseUntilMillis()));
        }
        return out;
    }

    /** Brings a sync's item up to the head's record of it (the end was not written), or removes an abandoned one. */
    public void tidySync(String companyId, String contractId, String syncId, long revision) {
        String pk = Keys.contract(companyId, contractId);
        ContractHead head = toHead(table.get(Keys.key(pk, Keys.HEAD)));
        if (head.active() != null && head.active().sync().syncId().equals(syncId)) {
            return;
        }
        if (head.lastSync() != null && head.lastSync().syncId().equals(syncId)) {
            syncs.finish(pk, head.lastSync(), head.lastSyncRev());
            return;
        }
        Optional<SyncItems.Stored> item = syncs.get(pk, revision, syncId);
        if (item.isPresent() && !item.get().sync().finished()) {
            syncs.deleteQuietly(pk, revision, syncId);
        }
    }
}
