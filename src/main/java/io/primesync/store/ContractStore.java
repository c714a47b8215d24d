package io.primesync.store;

import static io.primesync.store.Attr.map;
import static io.primesync.store.Attr.mapOf;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.ACTIVE_SYNC;
import static io.primesync.store.Attributes.LAST_SYNC;
import static io.primesync.store.Attributes.SYNC_ID;
import static io.primesync.store.Attributes.TARGET_LINES;

import io.primesync.domain.ProjectName;
import io.primesync.domain.Sync;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The contracts as the user routes read them (a page, one contract whole, its history, one sync) and the acceptance
 * of an import or re-import: the DynamoDB side of {@link ContractRecords}.
 *
 * <p>A sync is accepted by one conditional update of the head at the revision it was evaluated at, while no other is
 * active: of two concurrent re-imports only one is accepted, and a failure at any point leaves the old head or the
 * new one, never a mix. STORE.md has the key layout and every access pattern.
 */
public final class ContractStore implements ContractRecords {
    private final Table table;
    private final LineSets lineSets;
    private final ContractReader reader;
    private final SyncItems syncItems;
    private final SyncHistory history;
    private final Companies companies;

    public ContractStore(Table table, Clock clock) {
        this.table = table;
        this.lineSets = new LineSets(table, clock);
        this.reader = new ContractReader(table, lineSets);
        this.syncItems = new SyncItems(table);
        this.history = new SyncHistory(table);
        this.companies = new Companies(table);
    }

    @Override
    public Optional<ContractHead> head(String companyId, String contractId) {
        return reader.head(companyId, contractId);
    }

    @Override
    public Optional<ContractDetail> load(String companyId, String contractId) {
        return reader.load(companyId, contractId);
    }

    @Override
    public List<String> jobProjects(String companyId, String jobNumber) {
        return reader.jobProjects(companyId, jobNumber);
    }

    /** One batch read of the project items, per hundred projects. */
    @Override
    public Map<String, ProjectName> projectNames(String companyId, Collection<String> projectIds) {
        List<String> ids = new ArrayList<>(new TreeSet<>(projectIds));
        Map<String, ProjectName> names = new HashMap<>();
        for (int from = 0; from < ids.size(); from += Table.BATCH_GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(ids.size(), from + Table.BATCH_GET_LIMIT))) {
                keys.add(ProcoreFacts.projectKey(companyId, id));
            }
            for (Map<String, AttributeValue> item : table.getAll(keys, null)) {
                ProjectName name = ProcoreFacts.projectName(item);
                names.put(name.id(), name);
            }
        }
        return names;
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
            Map<String, AttributeValue> start = new HashMap<>(HeadItem.key(companyId, afterContractId));
            start.put(Keys.GSI1PK, s(gpk));
            start.put(Keys.GSI1SK, s(afterContractId));
            query.exclusiveStartKey(start);
        }
        QueryResponse response = table.queryPage(query);
        List<ContractHead> heads = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            heads.add(HeadItem.toHead(item));
        }
        String next = null;
        if (heads.size() > limit) {
            heads = heads.subList(0, limit);
            next = heads.get(limit - 1).contractId();
        } else if (Table.lastKey(response) != null && !heads.isEmpty()) {
            next = heads.get(heads.size() - 1).contractId();
        }
        Map<String, List<String>> jobs = reader.jobProjects(companyId, heads);
        List<Listing> listings = new ArrayList<>(heads.size());
        for (ContractHead head : heads) {
            listings.add(new Listing(head, jobs.getOrDefault(head.jobNumber(), List.of())));
        }
        return new Page<>(listings, next);
    }

    @Override
    public Optional<Page<Sync>> history(String companyId, String contractId, String afterSortKey, int limit) {
        return head(companyId, contractId)
                .map(head -> history.page(Keys.contract(companyId, contractId), head, afterSortKey, limit));
    }

    @Override
    public boolean isHistoryCursor(String sortKey) {
        return Keys.isSync(sortKey);
    }

    @Override
    public Optional<Sync> sync(String companyId, String contractId, String syncId) {
        return head(companyId, contractId).flatMap(h -> history.find(Keys.contract(companyId, contractId), h, syncId));
    }

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
        syncItems.putPending(companyId, pk, pending, revision);
        if (head.lastSync() != null && head.lastSync().finished()) {
            // the head is about to forget its newest record; make sure its item says how it ended
            syncItems.finish(pk, head.lastSync(), head.lastSyncRev());
        }
        Map<String, AttributeValue> active = new HashMap<>(SyncItem.toItem(pending, revision));
        active.put(TARGET_LINES, HeadItem.lineSet(target));
        Update u = HeadItem.advance(head.rev())
                .set(ACTIVE_SYNC, map(active))
                .set(LAST_SYNC, map(SyncItem.toItem(pending, revision)));
        u.when(u.absent(ACTIVE_SYNC));
        if (!table.update(HeadItem.key(companyId, head.contractId()), u) && !activeIs(companyId, head.contractId(),
                pending.syncId())) {
            syncItems.deleteQuietly(pk, revision, pending.syncId());
            throw new ConcurrentChangeException("contract changed since it was evaluated");
        }
        lineSets.deleteOrphansQuietly(pk, basis.unreferencedSets());
        if (pending.kind() == Sync.Kind.IMPORT) {
            // a company with an imported contract is one the reconciliation reads Procore for
            companies.register(companyId);
        }
        return pending;
    }

    /**
     * Whether the head's active sync is this one. An update whose answer was lost is retried by the SDK, and the
     * retry fails its condition against the update itself; that is a success, not a lost race.
     */
    private boolean activeIs(String companyId, String contractId, String syncId) {
        Map<String, AttributeValue> active = mapOf(table.get(HeadItem.key(companyId, contractId)), ACTIVE_SYNC);
        return active != null && syncId.equals(str(active, SYNC_ID));
    }
}
