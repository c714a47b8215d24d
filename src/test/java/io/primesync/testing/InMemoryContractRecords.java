package io.primesync.testing;

import io.primesync.domain.ContractDiff;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.LineItem;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.Sync;
import io.primesync.store.ConcurrentChangeException;
import io.primesync.store.ContractDetail;
import io.primesync.store.ContractHead;
import io.primesync.store.ContractRecords;
import io.primesync.store.LineSetRef;
import io.primesync.store.Listing;
import io.primesync.store.Page;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Contracts in memory, with the rules of the DynamoDB store that the use cases depend on: a sync is accepted only at
 * the revision its basis was read at and only while no other sync is active, and every change that matters moves the
 * revision. Switches let a test change the contract between a read and the acceptance, or lose the answer of an
 * acceptance that went through; {@link #finish} ends the active sync as the worker would.
 */
public final class InMemoryContractRecords implements ContractRecords {
    /** One contract as the store would hold it. */
    public static final class Contract {
        public final String companyId;
        public final String contractId;
        public String jobNumber;
        public ContractStatus status = ContractStatus.APPROVED;
        public boolean deleted;
        public long erpVersion = 1;
        public List<LineItem> current = List.of();
        public Long syncedVersion;
        public List<LineItem> synced = List.of();
        public final TreeSet<String> linkedProjects = new TreeSet<>();
        public final TreeSet<String> approvedPccos = new TreeSet<>();
        public final List<Sync> history = new ArrayList<>();
        public Sync active;
        public long activeRevision;
        public List<LineItem> activeTarget;
        public String primeContractId;
        public long revision = 1;

        Contract(String companyId, String contractId) {
            this.companyId = companyId;
            this.contractId = contractId;
        }
    }

    private final Map<String, Contract> contracts = new TreeMap<>();
    private final Map<String, String> jobProjects = new TreeMap<>();
    private Consumer<Contract> beforeCommit;
    private boolean loseNextCommitAnswer;
    private int commits;

    /** A contract to set up; its revision moves with every change made through {@link #change}. */
    public Contract put(String companyId, String contractId, String jobNumber, List<LineItem> lines) {
        Contract c = new Contract(companyId, contractId);
        c.jobNumber = jobNumber;
        c.current = List.copyOf(lines);
        contracts.put(companyId + "/" + contractId, c);
        return c;
    }

    public void syncJob(String companyId, String jobNumber, String projectId) {
        jobProjects.put(companyId + "/" + jobNumber, projectId);
    }

    /** A change that matters to a sync (a snapshot, a link, a change order): it moves the revision. */
    public void change(Contract c, Consumer<Contract> change) {
        change.accept(c);
        c.revision++;
    }

    /** Runs once, just before the next commit is checked, as a concurrent writer would. */
    public void beforeNextCommit(Consumer<Contract> change) {
        this.beforeCommit = change;
    }

    /** The next commit goes through, but its caller hears a failure. */
    public void loseNextCommitAnswer() {
        this.loseNextCommitAnswer = true;
    }

    /** How many commits went through. */
    public int commits() {
        return commits;
    }

    public Contract contract(String companyId, String contractId) {
        return contracts.get(companyId + "/" + contractId);
    }

    @Override
    public Page<Listing> list(String companyId, boolean synced, String afterContractId, int limit) {
        List<Listing> items = new ArrayList<>();
        String next = null;
        for (Contract c : contracts.values()) {
            if (!c.companyId.equals(companyId) || (c.syncedVersion != null) != synced
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
    public Optional<ContractHead> head(String companyId, String contractId) {
        return Optional.ofNullable(contract(companyId, contractId)).map(InMemoryContractRecords::head);
    }

    @Override
    public Optional<ContractDetail> load(String companyId, String contractId) {
        return Optional.ofNullable(contract(companyId, contractId)).map(c -> new ContractDetail(head(c),
                jobProjects(companyId, c.jobNumber), c.current, c.synced, List.of()));
    }

    @Override
    public List<String> jobProjects(String companyId, String jobNumber) {
        String project = jobProjects.get(companyId + "/" + jobNumber);
        return project == null ? List.of() : List.of(project);
    }

    @Override
    public Optional<Page<Sync>> history(String companyId, String contractId, String afterSortKey, int limit) {
        return Optional.ofNullable(contract(companyId, contractId)).map(c -> {
            List<Sync> newestFirst = new ArrayList<>(c.history);
            java.util.Collections.reverse(newestFirst);
            return new Page<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())), null);
        });
    }

    @Override
    public Optional<Sync> sync(String companyId, String contractId, String syncId) {
        return Optional.ofNullable(contract(companyId, contractId))
                .flatMap(c -> c.history.stream().filter(s -> s.syncId().equals(syncId)).findFirst());
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
        c.active = pending;
        c.activeTarget = basis.currentLines();
        c.history.add(pending);
        c.revision++;
        c.activeRevision = c.revision;
        commits++;
        if (loseNextCommitAnswer) {
            loseNextCommitAnswer = false;
            throw new IllegalStateException("the acceptance's answer was lost");
        }
        return pending;
    }

    /** Ends the active sync as the worker does: applied (Procore now holds its target) or failed (nothing moves). */
    public synchronized Sync finish(String companyId, String contractId, boolean applied) {
        Contract c = contract(companyId, contractId);
        Sync s = c.active;
        Instant at = Instant.parse("2026-11-30T12:05:00Z");
        Sync done = applied ? s.applied(c.primeContractId == null ? "5001" : c.primeContractId, s.linesTotal(), at)
                : s.failed(new Sync.Failure("PROCORE_REFUSED", "Procore refused the change"), at);
        if (applied) {
            c.primeContractId = done.procorePrimeContractId();
            c.syncedVersion = s.erpVersion();
            c.synced = c.activeTarget;
            if (s.kind() == Sync.Kind.IMPORT) {
                c.linkedProjects.add(s.projectId());
            }
        }
        c.history.set(c.history.indexOf(s), done);
        c.active = null;
        c.activeTarget = null;
        c.revision++;
        return done;
    }

    @Override
    public boolean isHistoryCursor(String sortKey) {
        return false;
    }

    private static ContractHead head(Contract c) {
        ContractDiff diff = ContractDiff.between(c.synced, c.current);
        BigDecimal amount = ContractDiff.sum(c.current);
        Sync last = c.history.isEmpty() ? null : c.history.get(c.history.size() - 1);
        Sync lastApplied = c.history.stream().filter(s -> s.status() == Sync.Status.APPLIED)
                .reduce((a, b) -> b).orElse(null);
        return new ContractHead(c.companyId, c.contractId, c.jobNumber, c.contractId + " title", c.status, c.deleted,
                c.erpVersion, amount, null, new LineSetRef("current", 1, c.current.size()), c.syncedVersion,
                c.syncedVersion == null ? null : new LineSetRef("synced", 1, c.synced.size()),
                c.syncedVersion == null ? null : ContractDiff.sum(c.synced),
                lastApplied == null ? null : lastApplied.finishedAt(), c.primeContractId,
                c.syncedVersion == null ? PendingChanges.NONE : diff.counts(), new ArrayList<>(c.linkedProjects),
                new ArrayList<>(c.approvedPccos),
                c.active == null ? null : new ContractHead.ActiveSync(c.active, c.activeRevision,
                        new LineSetRef("current", 1, c.activeTarget.size())),
                last, c.history.size(), 0, c.revision);
    }
}
