package io.primesync.testing;

import io.primesync.domain.ChangeOrderName;
import io.primesync.domain.ContractDiff;
import io.primesync.domain.ProcoreLines;
import io.primesync.domain.ContractSnapshot;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.LineItem;
import io.primesync.domain.NotVisible;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.RefusedSnapshot;
import io.primesync.domain.ProjectName;
import io.primesync.domain.Sync;
import io.primesync.store.ApplyResult;
import io.primesync.store.ConcurrentChangeException;
import io.primesync.store.ContractDetail;
import io.primesync.store.ContractHead;
import io.primesync.store.ContractRecords;
import io.primesync.store.EventStamp;
import io.primesync.store.LineSetRef;
import io.primesync.store.Listing;
import io.primesync.store.Page;
import io.primesync.store.ProjectRecords;
import io.primesync.store.SnapshotRecords;
import io.primesync.store.SyncRecords;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The store in memory, behind the same four ports as the DynamoDB store and with the rules the use cases depend on:
 * a snapshot or a deletion is kept only when newer, a sync is accepted only at the revision its basis was read at and
 * while no other is active, one worker at a time holds an accepted sync's lease, a sync ends only while it is the
 * active one, every fact of Procore's side is kept only when its read is later, and every change that matters to a
 * sync moves the revision. The port contract tests run the same cases against this and against DynamoDB.
 *
 * <p>Switches let a test change a contract between a read and the acceptance, lose the answer of an acceptance that
 * went through, make a worker's store call fail before or after it took effect, or lose a line set.
 */
public final class InMemoryStore implements ContractRecords, SyncRecords, SnapshotRecords, ProjectRecords {
    /** A register of Procore's side: its value fields, and the read that wrote it. */
    public record Register(Map<String, Object> value, EventStamp stamp) {
        Object get(String field) {
            return value.get(field);
        }

        boolean olderThan(EventStamp later) {
            return stamp.epochMillis() < later.epochMillis()
                    || stamp.epochMillis() == later.epochMillis() && stamp.eventId().compareTo(later.eventId()) < 0;
        }
    }

    /** A sync's own record, as a worker leases and progresses it. */
    private static final class Item {
        Sync sync;
        final long revision;
        final String companyId;
        String owner;
        long until;

        Item(Sync sync, long revision, String companyId) {
            this.sync = sync;
            this.revision = revision;
            this.companyId = companyId;
        }
    }

    /** One contract as the store would hold it. */
    public static final class Contract {
        public final String companyId;
        public final String contractId;
        public String jobNumber;
        public String title;
        public ContractStatus status = ContractStatus.APPROVED;
        public long deletedVersion;
        public long erpVersion = 1;
        public BigDecimal erpAmount;
        public Long syncedVersion;
        public BigDecimal contractAmount;
        public Instant lastSyncedAt;
        public String primeContractId;
        public long revision = 1;
        public final Map<String, Register> links = new TreeMap<>();
        public final Map<String, Register> changeOrders = new TreeMap<>();
        public Register procoreLines;
        public Register procoreOwner;
        public Register procoreNotVisible;
        public RefusedSnapshot erpRefused;
        public Register procoreStatus;
        /** Every accepted sync, oldest first, as the head records it. */
        public final List<Sync> history = new ArrayList<>();
        private final Map<String, List<LineItem>> sets = new HashMap<>();
        private String currentSet;
        private String syncedSet;
        private String activeTargetSet;
        private Sync active;
        private long activeRevision;
        private final Map<String, Item> items = new LinkedHashMap<>();
        private int nextSet;

        Contract(String companyId, String contractId) {
            this.companyId = companyId;
            this.contractId = contractId;
        }

        public List<LineItem> current() {
            return currentSet == null ? List.of() : sets.getOrDefault(currentSet, List.of());
        }

        /** The ERP's lines now; its value becomes their sum. */
        public void current(List<LineItem> lines) {
            currentSet = newSet(lines);
            erpAmount = ContractDiff.sum(lines);
        }

        public List<LineItem> synced() {
            return syncedSet == null ? List.of() : sets.getOrDefault(syncedSet, List.of());
        }

        /** What Procore holds since a sync was applied at this version. */
        public void synced(long version, List<LineItem> lines) {
            syncedVersion = version;
            syncedSet = newSet(lines);
            contractAmount = ContractDiff.sum(lines);
        }

        public Sync active() {
            return active;
        }

        public long activeRevision() {
            return activeRevision;
        }

        /** Another request's sync, accepted on the current lines, as a concurrent acceptance would leave it. */
        public void activate(Sync sync) {
            revision++;
            active = sync;
            activeRevision = revision;
            activeTargetSet = currentSet;
            history.add(sync);
            items.put(sync.syncId(), new Item(sync, revision, companyId));
        }

        /** A link to the project, as a read of Procore at time 0 found it. */
        public void link(String projectId) {
            links.put(projectId, new Register(map("linked", true, "primeContractId", null), new EventStamp(0, "setup")));
        }

        /** A change order approved on the project's prime contract, as a read at time 0 found it. */
        public void approve(String pccoId, String projectId) {
            changeOrders.put(pccoId, new Register(map("status", PccoStatus.APPROVED.wire(), "projectId", projectId,
                    "primeContractId", null, "name", new ChangeOrderName(pccoId, null, null)),
                    new EventStamp(0, "setup")));
        }

        private String newSet(List<LineItem> lines) {
            String id = "set-" + (++nextSet);
            sets.put(id, List.copyOf(lines));
            return id;
        }

        private LineSetRef ref(String setId) {
            return setId == null ? null : new LineSetRef(setId, 1, sets.getOrDefault(setId, List.of()).size());
        }

        /** The newest refused snapshot, while above every version accepted or deleted. */
        RefusedSnapshot refused() {
            return erpRefused != null && erpRefused.erpVersion() > Math.max(erpVersion, deletedVersion) ? erpRefused : null;
        }

        boolean known() {
            return erpVersion > 0 || refused() != null;
        }
    }

    private final Map<String, Contract> contracts = new TreeMap<>();
    private final Map<String, Register> jobProjects = new TreeMap<>();
    private final Map<String, Register> projectOrigins = new TreeMap<>();
    /** project key → what → the finding (its {@code unseen}) */
    private final Map<String, Map<String, Register>> projectNotVisible = new TreeMap<>();
    private final Map<String, Register> primeContracts = new TreeMap<>();
    private final TreeSet<String> companies = new TreeSet<>();
    private final Map<String, Boolean> failures = new HashMap<>();
    private Consumer<Contract> beforeCommit;
    private boolean loseNextCommitAnswer;
    private int commits;

    // ---------------------------------------------------------------- set-up and switches

    /** A contract to set up, never imported; its revision moves with every change made through {@link #change}. */
    public synchronized Contract put(String companyId, String contractId, String jobNumber, List<LineItem> lines) {
        Contract c = new Contract(companyId, contractId);
        c.jobNumber = jobNumber;
        c.title = contractId + " title";
        c.current(lines);
        contracts.put(key(companyId, contractId), c);
        return c;
    }

    /** The job is the origin of the project, as a read of Procore at time 0 found it. */
    public synchronized void syncJob(String companyId, String jobNumber, String projectId) {
        applyJobProject(companyId, jobNumber, projectId, true, new EventStamp(0, "setup"));
    }

    /** A change that matters to a sync (a snapshot, a link, a change order): it moves the revision. */
    public synchronized void change(Contract c, Consumer<Contract> change) {
        change.accept(c);
        c.revision++;
    }

    /** Runs once, just before the next acceptance is checked, as a concurrent writer would. */
    public void beforeNextCommit(Consumer<Contract> change) {
        this.beforeCommit = change;
    }

    /** The next acceptance goes through, but its caller hears a failure. */
    public void loseNextCommitAnswer() {
        this.loseNextCommitAnswer = true;
    }

    /**
     * The next call of this worker's operation ({@code "leaseSync"}, {@code "syncProgress"}, {@code "finishSync"},
     * ...) throws; {@code afterWriting} decides whether its effect happened first.
     */
    public synchronized void failNext(String operation, boolean afterWriting) {
        failures.put(operation, afterWriting);
    }

    /** Loses a line set of the contract, as a removal that went wrong would. */
    public synchronized void loseLineSet(Contract c, LineSetRef set) {
        c.sets.remove(set.setId());
    }

    /**
     * A sync's own record that the head never accepted: what an acceptance that lost its race leaves when the removal
     * of its record failed too.
     */
    public synchronized void abandonedAttempt(String companyId, String contractId, Sync sync) {
        Contract c = contract(companyId, contractId);
        c.items.put(sync.syncId(), new Item(sync, c.revision + 1, companyId));
    }

    /** How many acceptances went through. */
    public int commits() {
        return commits;
    }

    public synchronized Contract contract(String companyId, String contractId) {
        return contracts.get(key(companyId, contractId));
    }

    /** Ends the active sync as the worker would: applied (Procore now holds its target) or failed (nothing moves). */
    public synchronized Sync finish(String companyId, String contractId, boolean applied) {
        Contract c = contract(companyId, contractId);
        Sync s = c.active;
        Instant at = s.requestedAt().plusSeconds(300);
        Sync done = applied ? s.applied(c.primeContractId == null ? "5001" : c.primeContractId, s.linesTotal(), at)
                : s.failed(new Sync.Failure("PROCORE_REFUSED", "Procore refused the change"), at);
        finishSync(companyId, contractId, done);
        return done;
    }

    // ---------------------------------------------------------------- ContractRecords

    @Override
    public synchronized Page<Listing> list(String companyId, boolean synced, String afterContractId, int limit) {
        List<Listing> items = new ArrayList<>();
        String next = null;
        for (Contract c : contracts.values()) {
            if (!c.companyId.equals(companyId) || !c.known() || (c.syncedVersion != null) != synced
                    || afterContractId != null && c.contractId.compareTo(afterContractId) <= 0) {
                continue;
            }
            if (items.size() == limit) {
                next = items.get(limit - 1).head().contractId();
                break;
            }
            items.add(new Listing(head(c), jobProjects(companyId, c.jobNumber)));
        }
        return new Page<>(items, next);
    }

    @Override
    public synchronized Optional<ContractHead> head(String companyId, String contractId) {
        return Optional.ofNullable(contract(companyId, contractId)).filter(Contract::known).map(InMemoryStore::head);
    }

    @Override
    public synchronized Optional<ContractDetail> load(String companyId, String contractId) {
        return Optional.ofNullable(contract(companyId, contractId)).filter(Contract::known)
                .map(c -> new ContractDetail(head(c), jobProjects(companyId, c.jobNumber), c.current(), c.synced(),
                        List.of()));
    }

    @Override
    public synchronized List<String> jobProjects(String companyId, String jobNumber) {
        TreeSet<String> projects = new TreeSet<>(Comparator.comparingLong(InMemoryStore::numeric)
                .thenComparing(Comparator.naturalOrder()));
        String prefix = key(companyId, jobNumber) + "/";
        jobProjects.forEach((k, r) -> {
            if (k.startsWith(prefix) && Boolean.TRUE.equals(r.get("synced"))) {
                projects.add(k.substring(prefix.length()));
            }
        });
        return List.copyOf(projects);
    }

    @Override
    public synchronized Map<String, ProjectName> projectNames(String companyId, Collection<String> projectIds) {
        Map<String, ProjectName> names = new TreeMap<>();
        for (String id : projectIds) {
            Register r = projectOrigins.get(key(companyId, id));
            List<NotVisible> unseen = notVisible(key(companyId, id));
            if (r != null || !unseen.isEmpty()) {
                ProjectName name = r == null ? ProjectName.unknown(id) : (ProjectName) r.get("name");
                names.put(id, new ProjectName(id, name.name(), name.number(), unseen));
            }
        }
        return names;
    }

    @Override
    public synchronized Optional<Page<Sync>> history(String companyId, String contractId, String afterSortKey,
            int limit) {
        return Optional.ofNullable(contract(companyId, contractId)).filter(Contract::known).map(c -> {
            List<Sync> newestFirst = new ArrayList<>(c.history);
            Collections.reverse(newestFirst);
            return new Page<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())), null);
        });
    }

    @Override
    public synchronized Optional<Sync> sync(String companyId, String contractId, String syncId) {
        Contract c = contract(companyId, contractId);
        if (c == null || !c.known()) {
            return Optional.empty();
        }
        if (c.active != null && c.active.syncId().equals(syncId)) {
            Item item = c.items.get(syncId);
            return Optional.of(item == null || item.sync.finished() ? c.active : item.sync);
        }
        return c.history.stream().filter(s -> s.syncId().equals(syncId)).findFirst();
    }

    @Override
    public boolean isHistoryCursor(String sortKey) {
        return false;
    }

    @Override
    public synchronized Sync acceptSync(String companyId, ContractDetail basis, Sync pending, LineSetRef target) {
        Contract c = contract(companyId, basis.head().contractId());
        if (beforeCommit != null) {
            Consumer<Contract> change = beforeCommit;
            beforeCommit = null;
            change(c, change);
        }
        if (c.revision != basis.head().rev() || c.active != null) {
            throw new ConcurrentChangeException("contract changed since it was evaluated");
        }
        c.revision++;
        c.active = pending;
        c.activeRevision = c.revision;
        c.activeTargetSet = target.setId();
        c.history.add(pending);
        c.items.put(pending.syncId(), new Item(pending, c.revision, companyId));
        if (pending.kind() == Sync.Kind.IMPORT) {
            companies.add(companyId);
        }
        commits++;
        if (loseNextCommitAnswer) {
            loseNextCommitAnswer = false;
            throw new IllegalStateException("the acceptance's answer was lost");
        }
        return pending;
    }

    // ---------------------------------------------------------------- SyncRecords

    @Override
    public synchronized List<LineItem> lines(String companyId, String contractId, LineSetRef set) {
        Contract c = contract(companyId, contractId);
        return c == null ? null : c.sets.get(set.setId());
    }

    @Override
    public synchronized void ensureSyncItem(String companyId, String contractId, ContractHead.ActiveSync active) {
        Contract c = contract(companyId, contractId);
        c.items.putIfAbsent(active.sync().syncId(), new Item(active.sync(), active.revision(), companyId));
    }

    @Override
    public synchronized boolean leaseSync(String companyId, String contractId, long revision, String syncId,
            String owner, long nowMillis, long untilMillis) {
        Boolean fail = failure("leaseSync");
        Item item = item(companyId, contractId, revision, syncId);
        boolean taken = item != null && !item.sync.finished()
                && (item.until == 0 || item.until < nowMillis || owner.equals(item.owner));
        if (taken && fail != Boolean.FALSE) {
            item.owner = owner;
            item.until = untilMillis;
            item.sync = withStatus(item.sync, Sync.Status.WRITING);
        }
        thrown("leaseSync", fail);
        return taken;
    }

    @Override
    public synchronized boolean syncProgress(String companyId, String contractId, long revision, Sync sync,
            String owner, long untilMillis) {
        Boolean fail = failure("syncProgress");
        Item item = item(companyId, contractId, revision, sync.syncId());
        boolean own = item != null && owner.equals(item.owner);
        if (own && fail != Boolean.FALSE) {
            item.sync = sync;
            item.until = untilMillis;
        }
        thrown("syncProgress", fail);
        return own;
    }

    @Override
    public synchronized void releaseSync(String companyId, String contractId, long revision, String syncId,
            String owner) {
        Item item = item(companyId, contractId, revision, syncId);
        if (item != null && owner.equals(item.owner)) {
            item.until = 0;
        }
    }

    @Override
    public synchronized boolean finishSync(String companyId, String contractId, Sync finished) {
        Boolean fail = failure("finishSync");
        Contract c = contract(companyId, contractId);
        if (c == null || c.active == null || !c.active.syncId().equals(finished.syncId())) {
            thrown("finishSync", fail);
            return false;
        }
        if (fail == Boolean.FALSE) {
            thrown("finishSync", fail);
        }
        c.history.set(c.history.indexOf(c.active), finished);
        if (finished.procorePrimeContractId() != null) {
            c.primeContractId = finished.procorePrimeContractId();
        }
        if (finished.status() == Sync.Status.APPLIED) {
            EventStamp at = new EventStamp(finished.finishedAt().toEpochMilli(), "sync:" + finished.syncId());
            c.syncedVersion = finished.erpVersion();
            c.syncedSet = c.activeTargetSet;
            c.contractAmount = finished.newAmount();
            c.lastSyncedAt = finished.finishedAt();
            c.procoreLines = new Register(map("lines", ProcoreLines.NONE), at);
            if (finished.procorePrimeContractId() != null) {
                c.links.put(finished.projectId(), new Register(map("linked", true, "primeContractId",
                        finished.procorePrimeContractId()), at));
                applyPrimeContract(companyId, new PrimeContractRef(finished.procorePrimeContractId(), contractId,
                        finished.projectId(), false), at);
            }
        }
        Item item = c.items.get(finished.syncId());
        if (item != null) {
            item.sync = finished;
            item.owner = null;
            item.until = 0;
        }
        c.active = null;
        c.activeTargetSet = null;
        c.revision++;
        thrown("finishSync", fail);
        return true;
    }

    @Override
    public synchronized List<Unfinished> unfinishedSyncs(int limit) {
        List<Unfinished> out = new ArrayList<>();
        for (Contract c : contracts.values()) {
            for (Item item : c.items.values()) {
                if (!item.sync.finished()) {
                    out.add(new Unfinished(item.companyId, c.contractId, item.sync.syncId(), item.revision,
                            item.sync.requestedAt(), item.until));
                }
            }
        }
        out.sort(Comparator.comparing(Unfinished::requestedAt));
        return out.subList(0, Math.min(limit, out.size()));
    }

    @Override
    public synchronized void tidySync(String companyId, String contractId, String syncId, long revision) {
        Contract c = contract(companyId, contractId);
        Item item = item(companyId, contractId, revision, syncId);
        if (c == null || item == null || c.active != null && c.active.syncId().equals(syncId)) {
            return;
        }
        Optional<Sync> recorded = c.history.stream().filter(s -> s.syncId().equals(syncId)).findFirst();
        if (recorded.isPresent()) {
            item.sync = recorded.get();
            item.owner = null;
            item.until = 0;
        } else if (!item.sync.finished()) {
            c.items.remove(syncId);
        }
    }

    // ---------------------------------------------------------------- SnapshotRecords

    /** The contract's record, made empty (no ERP content yet) when no event named it before. */
    private Contract contractOf(String companyId, String contractId) {
        return contracts.computeIfAbsent(key(companyId, contractId), k -> {
            Contract fresh = new Contract(companyId, contractId);
            fresh.erpVersion = 0;
            fresh.revision = 0;
            return fresh;
        });
    }

    @Override
    public synchronized ApplyResult applySnapshot(String companyId, ContractSnapshot snapshot) {
        Contract c = contractOf(companyId, snapshot.contractId());
        if (snapshot.erpVersion() <= c.erpVersion) {
            return ApplyResult.STALE;
        }
        c.jobNumber = snapshot.jobNumber();
        c.title = snapshot.title();
        c.status = snapshot.status();
        c.erpVersion = snapshot.erpVersion();
        c.current(snapshot.lineItems());
        c.erpAmount = snapshot.originalContractAmount();
        c.revision++;
        return ApplyResult.APPLIED;
    }

    @Override
    public synchronized ApplyResult applyDeletion(String companyId, String contractId, long erpVersion) {
        Contract c = contractOf(companyId, contractId);
        if (c.deletedVersion >= erpVersion || c.erpVersion > erpVersion) {
            return ApplyResult.STALE;
        }
        c.deletedVersion = erpVersion;
        c.revision++;
        return ApplyResult.APPLIED;
    }

    @Override
    public synchronized ApplyResult applyRefused(String companyId, RefusedSnapshot refused) {
        Contract c = contractOf(companyId, refused.contractId());
        long v = refused.erpVersion();
        if (c.erpVersion >= v || c.deletedVersion >= v || c.erpRefused != null && c.erpRefused.erpVersion() >= v) {
            return ApplyResult.STALE;
        }
        c.erpRefused = refused;
        c.revision++;
        return ApplyResult.APPLIED;
    }

    // ---------------------------------------------------------------- ProjectRecords

    @Override
    public synchronized List<String> contractIds(String companyId) {
        return contracts.values().stream().filter(c -> c.companyId.equals(companyId) && c.known())
                .map(c -> c.contractId).toList();
    }

    @Override
    public synchronized ApplyResult applyLink(String companyId, String contractId, String projectId, boolean linked,
            String primeContractId, EventStamp stamp) {
        return register(companyId, contractId, c -> c.links, projectId,
                map("linked", linked, "primeContractId", primeContractId), stamp);
    }

    @Override
    public synchronized ApplyResult applyProcoreLines(String companyId, String contractId, ProcoreLines lines,
            EventStamp stamp) {
        Contract c = headOf(companyId, contractId);
        if (c.procoreLines != null && !c.procoreLines.olderThan(stamp)) {
            return ApplyResult.STALE;
        }
        c.procoreLines = new Register(map("lines", lines), stamp);
        c.revision++;
        return ApplyResult.APPLIED;
    }

    @Override
    public synchronized ApplyResult applyProcoreOwner(String companyId, String contractId, String primeContractId,
            String owner, EventStamp stamp) {
        Contract c = headOf(companyId, contractId);
        if (c.procoreOwner != null && !c.procoreOwner.olderThan(stamp)) {
            return ApplyResult.STALE;
        }
        c.procoreOwner = new Register(map("primeContractId", primeContractId, "owner", owner), stamp);
        c.revision++;
        return ApplyResult.APPLIED;
    }

    @Override
    public synchronized ApplyResult applyPrimeContractNotVisible(String companyId, String contractId, NotVisible unseen,
            EventStamp stamp) {
        Contract c = headOf(companyId, contractId);
        if (unseen != null) {
            if (c.procoreNotVisible != null) {
                return ApplyResult.STALE;
            }
            c.procoreNotVisible = new Register(map("unseen", unseen), stamp);
            return ApplyResult.APPLIED;
        }
        if (c.procoreNotVisible == null || !c.procoreNotVisible.olderThan(stamp)) {
            return ApplyResult.STALE;
        }
        c.procoreNotVisible = null;
        return ApplyResult.APPLIED;
    }

    @Override
    public synchronized ApplyResult applyProjectNotVisible(String companyId, String projectId, String what,
            NotVisible unseen, EventStamp stamp) {
        Map<String, Register> found = projectNotVisible.computeIfAbsent(key(companyId, projectId), k -> new TreeMap<>());
        Register before = found.get(what);
        if (unseen != null) {
            if (before != null) {
                return ApplyResult.STALE;
            }
            found.put(what, new Register(map("unseen", unseen), stamp));
            return ApplyResult.APPLIED;
        }
        if (before == null || !before.olderThan(stamp)) {
            return ApplyResult.STALE;
        }
        found.remove(what);
        return ApplyResult.APPLIED;
    }

    private List<NotVisible> notVisible(String projectKey) {
        List<NotVisible> out = new ArrayList<>();
        projectNotVisible.getOrDefault(projectKey, Map.of()).values().forEach(r -> out.add((NotVisible) r.get("unseen")));
        return out;
    }

    @Override
    public synchronized ApplyResult applyProcoreStatus(String companyId, String contractId, String primeContractId,
            String status, EventStamp stamp) {
        Contract c = headOf(companyId, contractId);
        if (c.procoreStatus != null && !c.procoreStatus.olderThan(stamp)) {
            return ApplyResult.STALE;
        }
        c.procoreStatus = new Register(map("status", status, "primeContractId", primeContractId), stamp);
        c.revision++;
        return ApplyResult.APPLIED;
    }

    @Override
    public synchronized ApplyResult applyPcco(String companyId, String contractId, String projectId,
            String primeContractId, ChangeOrderName changeOrder, PccoStatus status, EventStamp stamp) {
        return register(companyId, contractId, c -> c.changeOrders, changeOrder.id(), map("status", status.wire(),
                "projectId", projectId, "primeContractId", primeContractId, "name", changeOrder), stamp);
    }

    @Override
    public synchronized Applied applyProjectOrigin(String companyId, ProjectName project, String jobNumber,
            EventStamp stamp) {
        String k = key(companyId, project.id());
        Register before = projectOrigins.get(k);
        if (before != null && !before.olderThan(stamp)) {
            return new Applied(false, null);
        }
        projectOrigins.put(k, new Register(map("jobNumber", jobNumber, "name", project), stamp));
        // a read of the project itself sees it, unless it was found unseen after this read
        Map<String, Register> unseen = projectNotVisible.getOrDefault(k, new TreeMap<>());
        if (unseen.containsKey(NotVisible.PROJECT) && unseen.get(NotVisible.PROJECT).olderThan(stamp)) {
            unseen.remove(NotVisible.PROJECT);
        }
        return new Applied(true, before == null ? null : (String) before.get("jobNumber"));
    }

    @Override
    public synchronized List<ProjectOrigin> projects(String companyId) {
        List<ProjectOrigin> out = new ArrayList<>();
        Set<String> keys = new TreeSet<>(projectOrigins.keySet());
        projectNotVisible.forEach((k, m) -> {
            if (!m.isEmpty()) {
                keys.add(k);
            }
        });
        for (String k : keys) {
            if (k.startsWith(companyId + "/")) {
                Register r = projectOrigins.get(k);
                out.add(new ProjectOrigin(k.substring(companyId.length() + 1), r == null ? null : (String) r.get("jobNumber"),
                        notVisible(k)));
            }
        }
        return out;
    }

    @Override
    public synchronized ApplyResult applyJobProject(String companyId, String jobNumber, String projectId,
            boolean synced, EventStamp stamp) {
        return later(jobProjects, key(companyId, jobNumber) + "/" + projectId, map("synced", synced), stamp);
    }

    @Override
    public synchronized ApplyResult applyPrimeContract(String companyId, PrimeContractRef ref, EventStamp stamp) {
        return later(primeContracts, key(companyId, ref.primeContractId()), map("ref", ref), stamp);
    }

    @Override
    public synchronized Optional<PrimeContractRef> primeContract(String companyId, String primeContractId) {
        return Optional.ofNullable(primeContracts.get(key(companyId, primeContractId)))
                .map(r -> (PrimeContractRef) r.get("ref"));
    }

    @Override
    public synchronized List<PrimeContractRef> primeContracts(String companyId) {
        List<PrimeContractRef> out = new ArrayList<>();
        primeContracts.forEach((k, r) -> {
            if (k.startsWith(companyId + "/")) {
                out.add((PrimeContractRef) r.get("ref"));
            }
        });
        return out;
    }

    @Override
    public synchronized void registerCompany(String companyId) {
        companies.add(companyId);
    }

    @Override
    public synchronized void unregisterCompany(String companyId) {
        companies.remove(companyId);
        marks.remove(companyId);
    }

    @Override
    public synchronized List<String> companies() {
        return List.copyOf(companies);
    }

    private final Map<String, ReconcileMarks> marks = new HashMap<>();

    @Override
    public synchronized ReconcileMarks reconcileMarks(String companyId) {
        return marks.getOrDefault(companyId, ReconcileMarks.NONE);
    }

    @Override
    public synchronized void saveReconcileMarks(String companyId, ReconcileMarks m) {
        marks.put(companyId, m);
    }

    // ---------------------------------------------------------------- helpers

    /** The head as {@code HeadItem} derives it from the stored item. */
    private static ContractHead head(Contract c) {
        Map<String, String> linkedTo = new TreeMap<>();
        c.links.forEach((project, r) -> {
            if (Boolean.TRUE.equals(r.get("linked"))) {
                linkedTo.put(project, (String) r.get("primeContractId"));
            }
        });
        List<ChangeOrderName> approved = new ArrayList<>();
        c.changeOrders.forEach((pcco, r) -> {
            String project = (String) r.get("projectId");
            String in = (String) r.get("primeContractId");
            if (PccoStatus.APPROVED.wire().equals(r.get("status")) && linkedTo.containsKey(project)
                    && (in == null || linkedTo.get(project) == null || in.equals(linkedTo.get(project)))) {
                approved.add((ChangeOrderName) r.get("name"));
            }
        });
        Sync last = c.history.isEmpty() ? null : c.history.get(c.history.size() - 1);
        long lastRev = last == null ? 0 : c.items.get(last.syncId()).revision;
        RefusedSnapshot refused = c.refused();
        boolean refusedOnly = c.erpVersion == 0 && refused != null;
        return new ContractHead(c.companyId, c.contractId, refusedOnly ? refused.jobNumber() : c.jobNumber,
                refusedOnly ? refused.title() : c.title, refusedOnly ? refused.status() : c.status,
                c.deletedVersion > 0 && c.deletedVersion >= c.erpVersion, c.erpVersion, c.erpAmount, null,
                c.ref(c.currentSet), c.syncedVersion, c.ref(c.syncedSet), c.contractAmount, c.lastSyncedAt,
                c.primeContractId, ContractDiff.between(c.synced(), c.current()).counts(),
                new ArrayList<>(linkedTo.keySet()), approved,
                c.active == null ? null : new ContractHead.ActiveSync(c.active, c.activeRevision,
                        new LineSetRef(c.activeTargetSet, 1, c.sets.getOrDefault(c.activeTargetSet, List.of()).size())),
                last, lastRev, c.procoreLines == null ? ProcoreLines.NONE : (ProcoreLines) c.procoreLines.get("lines"),
                c.procoreOwner == null ? null : (String) c.procoreOwner.get("owner"),
                c.procoreStatus != null && Objects.equals(c.procoreStatus.get("primeContractId"), c.primeContractId)
                        ? (String) c.procoreStatus.get("status") : null,
                c.procoreNotVisible == null ? null : ContractHead.linkedPrimeContract(
                        (NotVisible) c.procoreNotVisible.get("unseen"), linkedTo),
                refused, c.revision);
    }

    private ApplyResult register(String companyId, String contractId, Function<Contract, Map<String, Register>> registers, String name, Map<String, Object> value, EventStamp stamp) {
        Contract c = headOf(companyId, contractId);
        ApplyResult result = later(registers.apply(c), name, value, stamp);
        if (result == ApplyResult.APPLIED) {
            c.revision++;
        }
        return result;
    }

    private static ApplyResult later(Map<String, Register> registers, String name, Map<String, Object> value,
            EventStamp stamp) {
        Register stored = registers.get(name);
        if (stored != null && !stored.olderThan(stamp)) {
            return ApplyResult.STALE;
        }
        registers.put(name, new Register(value, stamp));
        return ApplyResult.APPLIED;
    }

    /** The contract's head, made when an event names a contract the ERP has not sent yet. */
    private Contract headOf(String companyId, String contractId) {
        return contractOf(companyId, contractId);
    }

    private Item item(String companyId, String contractId, long revision, String syncId) {
        Contract c = contract(companyId, contractId);
        Item item = c == null ? null : c.items.get(syncId);
        return item != null && item.revision == revision ? item : null;
    }

    private Boolean failure(String operation) {
        return failures.remove(operation);
    }

    private static void thrown(String operation, Boolean fail) {
        if (fail != null) {
            throw new IllegalStateException(operation + (fail ? "'s answer was lost" : " failed before writing"));
        }
    }

    private static Sync withStatus(Sync s, Sync.Status status) {
        return status == Sync.Status.WRITING ? s.writing(s.procorePrimeContractId(), s.linesWritten(), s.linesTotal())
                : s;
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static String key(String a, String b) {
        return a + "/" + b;
    }

    private static long numeric(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
