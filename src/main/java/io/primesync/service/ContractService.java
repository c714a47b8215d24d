package io.primesync.service;

import io.primesync.domain.Caller;
import io.primesync.domain.ContractDiff;
import io.primesync.domain.Eligibility;
import io.primesync.domain.Money;
import io.primesync.domain.Reason;
import io.primesync.domain.ReasonCode;
import io.primesync.domain.SyncRecord;
import io.primesync.store.ConcurrentChangeException;
import io.primesync.store.ContractDetail;
import io.primesync.store.ContractHead;
import io.primesync.store.ContractRecords;
import io.primesync.store.Listing;
import io.primesync.store.Page;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The use cases on contracts: list, evaluate with a preview, import, re-import, history. */
public final class ContractService {
    /** A re-import that keeps losing races gives up with CONFLICT (safe to retry) after this many evaluations. */
    private static final int MAX_ATTEMPTS = 3;
    /** With ready=true a page may need several reads of the index to fill; this caps the work of one request. */
    private static final int MAX_LIST_ROUNDS = 8;

    /** A contract as listed: its head, the job's project, and why re-import and import are refused (if they are). */
    public record Summary(ContractHead head, String jobProjectId, List<Reason> reimportReasons, List<Reason> importReasons) {}

    /** One contract evaluated for re-import: everything read, what would change, and every failing rule. */
    public record Evaluation(ContractDetail detail, ContractDiff diff, List<Reason> reasons) {}

    private final ContractRecords store;
    private final Clock clock;

    public ContractService(ContractRecords store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Whether a history cursor's position has the shape the store hands out. */
    public boolean isHistoryPosition(String position) {
        return store.isHistoryCursor(position);
    }

    public Page<Summary> list(Caller caller, String companyId, boolean synced, boolean readyOnly, String after, int limit) {
        requireRead(caller, companyId);
        List<Summary> items = new ArrayList<>();
        String cursor = after;
        String next = null;
        for (int round = 0; round < MAX_LIST_ROUNDS; round++) {
            Page<Listing> page = store.list(companyId, synced, cursor, limit);
            List<Listing> listings = page.items();
            for (int i = 0; i < listings.size(); i++) {
                Summary summary = summarize(caller, companyId, listings.get(i));
                if (!readyOnly || summary.reimportReasons().isEmpty()) {
                    items.add(summary);
                }
                if (items.size() == limit) {
                    boolean more = i < listings.size() - 1 || page.next() != null;
                    return new Page<>(items, more ? listings.get(i).head().contractId() : null);
                }
            }
            cursor = page.next();
            next = cursor;
            if (cursor == null) {
                break;
            }
        }
        return new Page<>(items, next);
    }

    private Summary summarize(Caller caller, String companyId, Listing listing) {
        ContractHead head = listing.head();
        return new Summary(head, listing.jobProjectId(),
                Eligibility.forReimport(head.facts(listing.jobProjectId()), caller, companyId),
                Eligibility.forImport(head.facts(listing.jobProjectId()), caller, companyId));
    }

    public Evaluation evaluate(Caller caller, String companyId, String contractId) {
        requireRead(caller, companyId);
        return evaluate(caller, companyId, load(companyId, contractId));
    }

    private static Evaluation evaluate(Caller caller, String companyId, ContractDetail detail) {
        ContractDiff diff = detail.diff();
        List<Reason> reasons = Eligibility.forReimport(
                detail.head().facts(detail.jobProjectId(), diff.counts()), caller, companyId);
        return new Evaluation(detail, diff, reasons);
    }

    public Page<SyncRecord> history(Caller caller, String companyId, String contractId, String after, int limit) {
        requireRead(caller, companyId);
        return store.history(companyId, contractId, after, limit).orElseThrow(() -> notFound(contractId));
    }

    /**
     * The first import, into the project the contract's job is synced to. Returns the contract as now listed.
     * Like {@link #reimport}, a sync id that already committed (a retry under the same Idempotency-Key) is answered
     * with the contract as it is, instead of a refusal for being imported already.
     */
    public Summary importContract(Caller caller, String companyId, String contractId, String syncId, boolean resumed) {
        requireRead(caller, companyId);
        if (resumed && committedEarlier(companyId, contractId, syncId).isPresent()) {
            return current(caller, companyId, contractId);
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ContractDetail detail = load(companyId, contractId);
            SyncRecord last = detail.head().lastSync();
            if (last != null && last.syncId().equals(syncId)) {
                return current(caller, companyId, contractId);
            }
            List<Reason> reasons = Eligibility.forImport(detail.head().facts(detail.jobProjectId()), caller, companyId);
            if (!reasons.isEmpty()) {
                throw new Refusal.NotAllowed(Refusal.NotAllowed.Operation.IMPORT, reasons);
            }
            ContractDiff diff = detail.diff();
            SyncRecord record = new SyncRecord(syncId, SyncRecord.Kind.IMPORT, clock.instant(), caller.userId(),
                    detail.jobProjectId(), detail.head().erpVersion(), Money.ZERO, diff.newAmount(),
                    diff.added().size(), 0, 0);
            try {
                store.commitSync(companyId, detail, record);
            } catch (ConcurrentChangeException lostRace) {
                continue;
            }
            return current(caller, companyId, contractId);
        }
        throw conflict();
    }

    private Summary current(Caller caller, String companyId, String contractId) {
        ContractHead head = store.head(companyId, contractId).orElseThrow(() -> notFound(contractId));
        return summarize(caller, companyId, new Listing(head, store.jobProject(companyId, head.jobNumber())));
    }

    /** A sync committed under this id among the contract's recent ones (a retry whose first attempt went through). */
    private Optional<SyncRecord> committedEarlier(String companyId, String contractId, String syncId) {
        return store.recentSync(companyId, contractId, syncId);
    }

    /**
     * The re-import. {@code syncId} identifies this attempt: when a sync with this id is already committed (a retry
     * after a failure that hid the outcome), its record is returned instead of applying anything again.
     *
     * @param resumed whether an earlier attempt under this sync id may have committed; then the recent history is
     *     searched for it too, in case other syncs followed it
     */
    public SyncRecord reimport(Caller caller, String companyId, String contractId, Long expectedErpVersion,
            String syncId, boolean resumed) {
        requireRead(caller, companyId);
        if (resumed) {
            Optional<SyncRecord> earlier = committedEarlier(companyId, contractId, syncId);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ContractDetail detail = load(companyId, contractId);
            SyncRecord last = detail.head().lastSync();
            if (last != null && last.syncId().equals(syncId)) {
                return last;
            }
            Evaluation evaluation = evaluate(caller, companyId, detail);
            if (!evaluation.reasons().isEmpty()) {
                throw new Refusal.NotAllowed(Refusal.NotAllowed.Operation.REIMPORT, evaluation.reasons());
            }
            ContractHead head = detail.head();
            if (expectedErpVersion != null && expectedErpVersion != head.erpVersion()) {
                throw new Refusal.StalePreview(expectedErpVersion, head.erpVersion());
            }
            ContractDiff diff = evaluation.diff();
            SyncRecord record = new SyncRecord(syncId, SyncRecord.Kind.REIMPORT, clock.instant(), caller.userId(),
                    head.linkedProjectIds().get(0), head.erpVersion(), diff.currentAmount(), diff.newAmount(),
                    diff.added().size(), diff.changed().size(), diff.removed().size());
            try {
                return store.commitSync(companyId, detail, record);
            } catch (ConcurrentChangeException lostRace) {
                // evaluate again: usually the winner leaves nothing to re-import, which is the answer to give
            }
        }
        throw conflict();
    }

    private ContractDetail load(String companyId, String contractId) {
        try {
            return store.load(companyId, contractId).orElseThrow(() -> notFound(contractId));
        } catch (ConcurrentChangeException busy) {
            throw conflict();
        }
    }

    /** No read access to the company means nothing about it is shown, not even whether a contract exists. */
    private static void requireRead(Caller caller, String companyId) {
        if (!caller.canRead(companyId)) {
            throw new Refusal.NoAccess(companyId);
        }
    }

    private static Refusal notFound(String contractId) {
        return new Refusal.NotFound("No contract " + contractId + " is known from Spectrum for this company.");
    }

    private static Refusal conflict() {
        return new Refusal.Conflict(
                "The contract changed while the request was processed. Nothing was applied; retry the request.", null);
    }
}
