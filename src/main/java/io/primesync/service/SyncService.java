package io.primesync.service;

import io.primesync.domain.Caller;
import io.primesync.domain.ContractDiff;
import io.primesync.domain.ContractFacts;
import io.primesync.domain.Eligibility;
import io.primesync.domain.Money;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.Reason;
import io.primesync.domain.Sync;
import io.primesync.logging.Log;
import io.primesync.logging.Metrics;
import io.primesync.procore.ProcoreException;
import io.primesync.store.ConcurrentChangeException;
import io.primesync.store.ContractDetail;
import io.primesync.store.ContractHead;
import io.primesync.store.ContractRecords;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Import and re-import: every rule evaluated, the sync accepted in one conditional write (where "exactly once" is
 * decided), and queued for the worker that writes it to Procore. The answer is the pending sync; its progress and its
 * end are the worker's.
 */
public final class SyncService {
    /** A sync that keeps losing races gives up with CONFLICT (safe to retry) after this many evaluations. */
    private static final int MAX_ATTEMPTS = 3;

    private final ContractRecords store;
    private final ProjectDirectory projects;
    private final SyncQueue queue;
    private final Clock clock;
    private final ProcoreRules rules;

    public SyncService(ContractRecords store, ProjectDirectory projects, SyncQueue queue, Clock clock) {
        this(store, projects, queue, clock, ProcoreRules.DEFAULT);
    }

    /** @param rules how each company meets Procore's locks, which some of the rules look at */
    public SyncService(ContractRecords store, ProjectDirectory projects, SyncQueue queue, Clock clock,
            ProcoreRules rules) {
        this.rules = rules;
        this.store = store;
        this.projects = projects;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * The first import, into the project the contract's job is synced to, which must exist in Procore.
     *
     * @param syncId the attempt's id: when a sync of this id was accepted already (a retry under the same
     *     Idempotency-Key, a double click), that sync is the answer and nothing is accepted twice
     * @param resumed whether an earlier attempt under this id may have been accepted; then its history is searched too
     * @param expectedErpVersion the version the caller previewed, or null; a later one is a stale preview
     */
    public Sync importContract(Caller caller, String companyId, String contractId, Long expectedErpVersion,
            String syncId, boolean resumed) {
        ContractService.requireRead(caller, companyId);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ContractDetail detail = ContractService.load(store, companyId, contractId);
            Optional<Sync> earlier = earlier(detail, companyId, contractId, syncId, resumed && attempt == 0);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            ContractHead head = detail.head();
            ContractFacts facts = ContractService.facts(store, companyId, detail, detail.head().pending());
            List<Reason> reasons = new ArrayList<>(Eligibility.forImport(facts, caller, companyId));
            if (detail.jobProjectIds().size() == 1) {
                checkProject(reasons, facts, detail.jobProjectId(), companyId);
            }
            if (!reasons.isEmpty()) {
                reasons.sort((a, b) -> a.code().compareTo(b.code()));
                throw refused(Refusal.NotAllowed.Operation.IMPORT, reasons);
            }
            if (expectedErpVersion != null && expectedErpVersion != head.erpVersion()) {
                throw new Refusal.StalePreview(expectedErpVersion, head.erpVersion(), "import");
            }
            ContractDiff diff = detail.diff();
            Sync pending = Sync.accepted(syncId, Sync.Kind.IMPORT, contractId, detail.jobProjectId(),
                    head.procorePrimeContractId(), head.erpVersion(), Money.ZERO, diff.newAmount(),
                    new PendingChanges(diff.added().size(), 0, 0), clock.instant(), caller.userId());
            if (accept(companyId, detail, pending)) {
                return pending;
            }
        }
        throw ContractService.conflict();
    }

    /**
     * The re-import of what the ERP changed since the last sync.
     *
     * @param expectedErpVersion the version the caller previewed, or null; a later one is a stale preview
     */
    public Sync reimport(Caller caller, String companyId, String contractId, Long expectedErpVersion, String syncId,
            boolean resumed) {
        ContractService.requireRead(caller, companyId);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ContractDetail detail = ContractService.load(store, companyId, contractId);
            Optional<Sync> earlier = earlier(detail, companyId, contractId, syncId, resumed && attempt == 0);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            ContractService.Evaluation evaluation = ContractService.evaluate(store, rules, caller, companyId, detail);
            if (!evaluation.reasons().isEmpty()) {
                // usually, after a lost race, the winner leaves nothing to re-import: that is the answer to give
                throw refused(Refusal.NotAllowed.Operation.REIMPORT, evaluation.reasons());
            }
            ContractHead head = detail.head();
            if (expectedErpVersion != null && expectedErpVersion != head.erpVersion()) {
                throw new Refusal.StalePreview(expectedErpVersion, head.erpVersion(), "re-import");
            }
            ContractDiff diff = evaluation.diff();
            Sync pending = Sync.accepted(syncId, Sync.Kind.REIMPORT, contractId, head.linkedProjectIds().get(0),
                    head.procorePrimeContractId(), head.erpVersion(), diff.currentAmount(), diff.newAmount(),
                    diff.counts(), clock.instant(), caller.userId());
            if (accept(companyId, detail, pending)) {
                return pending;
            }
        }
        throw ContractService.conflict();
    }

    /** The sync this attempt's id names already: the head's active or newest one, or (resuming) one in history. */
    private Optional<Sync> earlier(ContractDetail detail, String companyId, String contractId, String syncId,
            boolean searchHistory) {
        ContractHead head = detail.head();
        if (head.active() != null && head.active().sync().syncId().equals(syncId)) {
            // accepted, perhaps never queued (the request died in between): queue it again
            enqueue(companyId, contractId, syncId, head.active().revision());
            return Optional.of(head.active().sync());
        }
        if (head.lastSync() != null && head.lastSync().syncId().equals(syncId)) {
            return Optional.of(head.lastSync());
        }
        return searchHistory ? store.sync(companyId, contractId, syncId) : Optional.empty();
    }

    /** Accepts and queues; false when the contract changed since it was read (evaluate again). */
    private boolean accept(String companyId, ContractDetail detail, Sync pending) {
        try {
            store.acceptSync(companyId, detail, pending, detail.head().current());
        } catch (ConcurrentChangeException lostRace) {
            return false;
        }
        enqueue(companyId, pending.contractId(), pending.syncId(), detail.head().rev() + 1);
        Metrics.emit(Metrics.Metric.SYNCS_ACCEPTED, 1, Map.of("Kind", pending.kind().wire()));
        return true;
    }

    /** The refusal, counted once per reason it gives. */
    private static Refusal.NotAllowed refused(Refusal.NotAllowed.Operation operation, List<Reason> reasons) {
        for (Reason r : reasons) {
            Metrics.emit(Metrics.Metric.REFUSALS, 1, Map.of("Operation",
                    operation == Refusal.NotAllowed.Operation.IMPORT ? "import" : "reimport", "Reason", r.code().name()));
        }
        return new Refusal.NotAllowed(operation, reasons);
    }

    /** A message that cannot be sent is sent by the sweeper: the sync is accepted either way. */
    private void enqueue(String companyId, String contractId, String syncId, long revision) {
        try {
            queue.enqueue(companyId, contractId, syncId, revision, 0);
        } catch (RuntimeException e) {
            Log.warn("sync accepted but not queued; the sweeper will queue it", "syncId", syncId,
                    "error", e.getClass().getName());
        }
    }

    /**
     * Adds the refusal of a project Procore does not have. When Procore cannot say and other reasons refuse anyway,
     * those are the answer; when it cannot say and nothing else refuses, the import cannot be judged now.
     */
    private void checkProject(List<Reason> reasons, ContractFacts facts, String projectId, String companyId) {
        try {
            if (!projects.exists(companyId, projectId)) {
                reasons.add(Eligibility.projectNotInProcore(facts, projectId));
            }
        } catch (ProcoreException e) {
            if (reasons.isEmpty()) {
                throw e;
            }
        }
    }
}
