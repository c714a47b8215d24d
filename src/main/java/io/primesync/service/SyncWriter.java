package io.primesync.service;

import io.primesync.domain.ContractStatus;
import io.primesync.domain.LineItem;
import io.primesync.domain.Sync;
import io.primesync.logging.Log;
import io.primesync.procore.LinePlan;
import io.primesync.procore.Overwritten;
import io.primesync.procore.ProcoreContracts;
import io.primesync.procore.ProcoreException;
import io.primesync.procore.ProcoreRecords.Line;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.procore.ProcoreRecords.PrimeContractFields;
import io.primesync.procore.ProcoreRecords.RecordError;
import io.primesync.procore.ProcoreRecords.SyncOutcome;
import io.primesync.store.ContractHead;
import io.primesync.store.SyncRecords;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * The worker's use case: writes one accepted sync to Procore, under a lease on it, so that afterwards Procore's
 * schedule of values equals the ERP line set the sync was accepted with. Every step is safe to repeat: the prime
 * contract is looked up by its origin id before it is created, lines are upserted by origin id, a line already gone
 * counts as removed, and the plan is made from what Procore holds now. A crash anywhere is resumed by the next
 * delivery (or the sweeper's), never doubled.
 */
public final class SyncWriter {
    /** How a write ended for the message that asked for it. */
    public sealed interface Outcome {}

    /**
     * The sync has ended (applied or failed), or (status null) there is no such sync: the message is done. {@code ended}
     * is the sync when this attempt ended it, null for a redelivery.
     */
    public record Done(Sync.Status status, Sync ended) implements Outcome {}

    /** Another live worker holds the sync; ask again after this. */
    public record Busy(Duration retryAfter) implements Outcome {}

    /** Procore must not be called before this (its rate limit), or it is unreachable for now: ask again then. */
    public record Later(Instant retryAt) implements Outcome {}

    /** Progress is recorded after this many removals (each is one call). */
    private static final int REMOVALS_PER_PROGRESS = 25;
    /** The time a step may take at most; with less than this left, the work is handed back before it starts. */
    private static final long STEP_MILLIS = 25_000;

    private final SyncRecords store;
    private final ProcoreContracts procore;
    private final Clock clock;
    private final String workerId;
    private final Duration lease;
    private final Duration retryPause;
    private final ProcoreRules rules;

    /**
     * @param lease how long a worker holds a sync without renewing: above the worker function's timeout
     * @param retryPause how long a message waits before it is tried again when Procore did not answer, or another
     *     worker holds the sync
     */
    public SyncWriter(SyncRecords store, ProcoreContracts procore, Clock clock, String workerId, Duration lease,
            Duration retryPause) {
        this(store, procore, clock, workerId, lease, retryPause, ProcoreRules.DEFAULT);
    }

    /** @param rules how each company wants Procore's lock on a schedule of values met */
    public SyncWriter(SyncRecords store, ProcoreContracts procore, Clock clock, String workerId, Duration lease,
            Duration retryPause, ProcoreRules rules) {
        this.rules = rules;
        this.store = store;
        this.procore = procore;
        this.clock = clock;
        this.workerId = workerId;
        this.lease = lease;
        this.retryPause = retryPause;
    }

    /**
     * @param remainingMillis how long the invocation may still run; the work is handed back before it runs out
     */
    public Outcome write(String companyId, String contractId, String syncId, long revision, LongSupplier remainingMillis) {
        Optional<ContractHead> found = store.head(companyId, contractId);
        ContractHead.ActiveSync active = found.map(ContractHead::active).orElse(null);
        if (active == null || !active.sync().syncId().equals(syncId)) {
            // ended already (a redelivery), or never accepted: make its item say so and let the message go
            store.tidySync(companyId, contractId, syncId, revision);
            return new Done(store.sync(companyId, contractId, syncId).map(Sync::status).orElse(null), null);
        }
        ContractHead head = found.get();
        store.ensureSyncItem(companyId, contractId, active);
        long now = clock.millis();
        if (!store.leaseSync(companyId, contractId, active.revision(), syncId, workerId, now, now + lease.toMillis())) {
            return new Busy(retryPause);
        }
        Log.with("syncId", syncId);
        // as the last attempt left it: what it recorded before it stopped (a status to restore) carries on
        Sync current = store.sync(companyId, contractId, syncId).filter(s -> !s.finished()).orElse(active.sync());
        Run run = new Run(companyId, contractId, head, active, current, remainingMillis);
        try {
            try {
                return run.execute();
            } catch (ProcoreException.Refused refused) {
                // the failure restores the contract's status first, which may itself meet Procore's limit (below)
                return run.fail(new Sync.Failure(refused.code(), refused.getMessage()));
            }
        } catch (ProcoreException.RateLimited limited) {
            store.releaseSync(companyId, contractId, active.revision(), syncId, workerId);
            Log.info("sync step", "step", "rate limited", "retryAt", limited.retryAt().toString());
            return new Later(limited.retryAt());
        } catch (ProcoreException.Unavailable unavailable) {
            store.releaseSync(companyId, contractId, active.revision(), syncId, workerId);
            Log.warn("sync step", "step", "Procore unavailable", "detail", unavailable.getMessage());
            return new Later(clock.instant().plus(retryPause));
        } catch (LeaseLost lost) {
            return new Busy(retryPause);
        } catch (HandBack handBack) {
            store.releaseSync(companyId, contractId, active.revision(), syncId, workerId);
            return new Later(clock.instant());
        }
    }

    /** The lease went to another worker (this one was taken for dead): stop writing at once. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("lease lost", null, false, false);
        }
    }

    /** Too little time left in the invocation for another step. */
    private static final class HandBack extends RuntimeException {
        HandBack() {
            super("hand back", null, false, false);
        }
    }

    /** One attempt at one sync. */
    private final class Run {
        private final String companyId;
        private final String contractId;
        private final ContractHead head;
        private final ContractHead.ActiveSync active;
        private final LongSupplier remaining;
        private Sync sync;
        private PrimeContract contract;
        private int written;
        private int planned;
        /** The status the contract is written in, when it is not Draft (always editable); null otherwise. */
        private String inPlace;

        Run(String companyId, String contractId, ContractHead head, ContractHead.ActiveSync active, Sync current,
                LongSupplier remaining) {
            this.companyId = companyId;
            this.contractId = contractId;
            this.head = head;
            this.active = active;
            this.remaining = remaining;
            this.sync = current;
        }

        Outcome execute() {
            List<LineItem> target = store.lines(companyId, contractId, active.target());
            if (target == null) {
                return fail(new Sync.Failure("LINES_MISSING", "The ERP lines of this sync are no longer stored, so"
                        + " nothing was written to Procore. Re-import the contract to bring over what Spectrum holds now."));
            }
            String projectId = sync.projectId();
            String method = target.stream().anyMatch(LineItem::hasUnitFields) ? "unit" : "amount";
            step();
            contract = primeContract(projectId, method);
            if (contract.ownedElsewhere()) {
                // another integration's prime contract carries this contract's id: never written over
                return fail(WriteFailures.contractOwnedElsewhere(contract));
            }
            progress(sync.writing(contract.id(), sync.linesWritten(), sync.linesTotal()));
            step();
            List<Line> held = procore.lineItems(companyId, projectId, contract.id());
            // Procore will not switch the accounting method of a contract that has lines
            boolean switching = !method.equals(contract.accountingMethod());
            UnaryOperator<String> units = rules.units(companyId);
            LinePlan plan = switching && !held.isEmpty() ? LinePlan.replacing(contractId, target, held, units)
                    : LinePlan.of(contractId, target, held, units);
            Log.info("sync step", "step", "planned", "upserts", plan.upserts().size(), "removals",
                    plan.removals().size(), "unchanged", plan.unchanged(), "accountingMethod", switching ? method : null);
            if (!plan.foreign().isEmpty()) {
                // another integration's lines: never overwritten nor removed, and not written around either
                return fail(WriteFailures.ownedElsewhere(plan.foreign()));
            }
            if (sync.kind() == Sync.Kind.REIMPORT && sync.overwrites() == null && head.synced() != null) {
                // before the first write: later attempts would find their own writes
                List<LineItem> synced = store.lines(companyId, contractId, head.synced());
                if (synced != null) {
                    sync = sync.overwriting(Overwritten.find(contractId, synced, head.procoreLines(), held, target,
                            plan, units));
                    Log.info("sync step", "step", "overwrites found", "overwrites", sync.overwrites().total(),
                            "notAsPreviewed", sync.overwrites().notAsPreviewed());
                }
            }
            // what is left is measured against Procore: writes an earlier attempt made count as written
            planned = Math.max(sync.linesTotal(), plan.writes());
            written = planned - plan.writes();
            progress(sync.writing(contract.id(), written, planned));
            if (plan.writes() > 0 || switching) {
                Outcome locked = unlock(projectId, plan.removals().isEmpty() && !switching, plan.removals().size());
                if (locked != null) {
                    return locked;
                }
            }
            List<RecordError> refused = switching ? List.of() : upsertAll(projectId, plan.upserts());
            remove(projectId, plan.removals());
            if (switching) {
                step();
                contract = procore.updatePrimeContract(companyId, projectId, contract.id(), fields(null, method));
                Log.info("sync step", "step", "accounting method switched", "accountingMethod", method);
                refused = upsertAll(projectId, plan.upserts());
            }
            if (!refused.isEmpty()) {
                progress(sync.writing(contract.id(), written, planned));
                return fail(inPlace != null ? WriteFailures.belowBilled(inPlace, refused, plan.upserts().size())
                        : WriteFailures.recordsRefused(refused, plan.upserts()));
            }
            settle(projectId, finalStatus());
            Sync applied = sync.applied(contract.id(), planned, clock.instant());
            store.finishSync(companyId, contractId, applied);
            Log.info("sync step", "step", "applied", "linesWritten", planned, "writesThisAttempt", plan.writes());
            return new Done(Sync.Status.APPLIED, applied);
        }

        /** The upserts, and the refused ones sent once more, alone: a refusal that was Procore's passing trouble goes through. */
        private List<RecordError> upsertAll(String projectId, List<Line> lines) {
            List<RecordError> refused = upsert(projectId, contract.id(), lines);
            if (refused.isEmpty()) {
                return refused;
            }
            Set<String> origins = new HashSet<>();
            refused.forEach(e -> origins.add(e.originId()));
            List<Line> again = lines.stream().filter(l -> origins.contains(l.originId())).toList();
            List<RecordError> still = new ArrayList<>(upsert(projectId, contract.id(), again));
            refused.stream().filter(e -> again.stream().noneMatch(l -> l.originId().equals(e.originId())))
                    .forEach(still::add);
            return still;
        }

        private void remove(String projectId, List<Line> removals) {
            int sinceProgress = 0;
            for (Line line : removals) {
                step();
                procore.deleteLineItem(companyId, projectId, contract.id(), line.id());
                written++;
                if (++sinceProgress == REMOVALS_PER_PROGRESS) {
                    progress(sync.writing(contract.id(), written, planned));
                    sinceProgress = 0;
                }
            }
        }

        /**
         * Procore's lock: lines change only while the contract is in Draft. A contract out of it is set to Draft, once
         * the status to restore is recorded (so that a crash anywhere after is resumed until it is restored), or the
         * sync is refused where the company chose so or Procore will not. In a project whose schedule of values is
         * always editable, a plan that deletes nothing is written with the contract as it is instead. Null when the
         * lines may be written.
         *
         * @param keepsEveryLine whether the plan deletes no line (nor switches the accounting method)
         */
        private Outcome unlock(String projectId, boolean keepsEveryLine, int deletes) {
            if (ProcoreRules.DRAFT.equals(contract.status())) {
                return null;
            }
            String found = contract.status();
            boolean editable = rules.alwaysEditable(companyId, projectId);
            if (!rules.unlocks(companyId, projectId)) {
                if (editable && keepsEveryLine) {
                    return writeAsItIs(found);
                }
                return fail(editable ? WriteFailures.sovDeletes(found, deletes)
                        : WriteFailures.sovKept(found));
            }
            progress(sync.unlocking(found));
            step();
            try {
                contract = procore.updatePrimeContract(companyId, projectId, contract.id(),
                        fields(ProcoreRules.DRAFT, null));
            } catch (ProcoreException.Refused refused) {
                // not set to Draft: there is nothing to restore
                sync = sync.unlocking(null);
                if (editable && keepsEveryLine) {
                    return writeAsItIs(found);
                }
                return fail(WriteFailures.sovLocked(found, "Procore refused to set it back to Draft: " + refused.getMessage()));
            }
            Log.info("sync step", "step", "unlocked", "from", found);
            return null;
        }

        /** Lines written with the contract out of Draft, as Procore's always editable schedule of values allows. */
        private Outcome writeAsItIs(String status) {
            inPlace = status;
            Log.info("sync step", "step", "writing as it is", "status", status);
            return null;
        }

        /** The status the contract ends in: the one it was found in, or an import's; null leaves it as it is. */
        private String finalStatus() {
            if (sync.restoreStatus() != null) {
                return sync.restoreStatus();
            }
            if (sync.kind() == Sync.Kind.IMPORT) {
                return head.status() == ContractStatus.APPROVED ? rules.importStatus(companyId, sync.projectId())
                        : ProcoreRules.DRAFT;
            }
            return null;
        }

        /** Sets the contract's status, when it is not that already. */
        private void settle(String projectId, String status) {
            if (status != null && !status.equals(contract.status())) {
                step();
                contract = procore.updatePrimeContract(companyId, projectId, contract.id(), fields(status, null));
                Log.info("sync step", "step", "status set", "status", status);
            }
        }

        /** Upserts the lines in batches, with progress after each; answers the records Procore refused. */
        private List<RecordError> upsert(String projectId, String primeContractId, List<Line> lines) {
            List<RecordError> refused = new ArrayList<>();
            int batch = procore.syncBatchSize();
            for (int from = 0; from < lines.size(); from += batch) {
                step();
                List<Line> records = lines.subList(from, Math.min(lines.size(), from + batch));
                SyncOutcome outcome = procore.syncLineItems(companyId, projectId, primeContractId, records);
                refused.addAll(outcome.errors());
                written += records.size() - outcome.errors().size();
                progress(sync.writing(primeContractId, written, planned));
            }
            return refused;
        }

        /**
         * The contract in the project: the one known, else the one with this origin id, else a new one, made in Draft
         * (its lines come next, and Procore takes them only then). Its title, number and retainage are brought up to
         * date; its status and accounting method change only in their own steps, around the lock.
         */
        private PrimeContract primeContract(String projectId, String method) {
            PrimeContract found = null;
            String known = sync.procorePrimeContractId() != null ? sync.procorePrimeContractId() : head.procorePrimeContractId();
            if (known != null) {
                found = procore.primeContract(companyId, projectId, known)
                        .filter(pc -> contractId.equals(pc.originId())).orElse(null);
            }
            if (found == null) {
                found = procore.primeContracts(companyId, projectId).stream()
                        .filter(pc -> contractId.equals(pc.originId())).findFirst().orElse(null);
            }
            if (found != null && found.ownedElsewhere()) {
                return found;
            }
            if (found == null) {
                step();
                // not repeatable: without an answer, the next attempt finds the contract by its origin id instead
                PrimeContract created = procore.createPrimeContract(companyId, projectId,
                        fields(ProcoreRules.DRAFT, method));
                Log.info("sync step", "step", "prime contract created", "procorePrimeContractId", created.id());
                return created;
            }
            if (!Objects.equals(found.title(), head.title()) || !Objects.equals(found.number(), contractId)
                    || !sameDecimal(found.retainagePercent(), head.retainagePercent())) {
                step();
                return procore.updatePrimeContract(companyId, projectId, found.id(), fields(null, null));
            }
            return found;
        }

        /** The contract's fields as the ERP has them; a null status or method leaves Procore's as it is. */
        private PrimeContractFields fields(String status, String method) {
            return new PrimeContractFields(contractId, head.title(), contractId, status, method, head.retainagePercent());
        }

        private void progress(Sync next) {
            sync = next;
            if (!store.syncProgress(companyId, contractId, active.revision(), next, workerId,
                    clock.millis() + lease.toMillis())) {
                throw new LeaseLost();
            }
        }

        private void step() {
            if (remaining.getAsLong() < STEP_MILLIS) {
                throw new HandBack();
            }
        }

        /**
         * Ends the sync failed, with the contract back in the status it was found in: a refusal never leaves it in
         * Draft. Procore's rate limit or an outage during the restore hands the sync back, to be resumed and restored.
         */
        Outcome fail(Sync.Failure failure) {
            if (sync.restoreStatus() != null && contract != null) {
                try {
                    settle(sync.projectId(), sync.restoreStatus());
                } catch (ProcoreException.Refused refused) {
                    failure = new Sync.Failure(failure.code(), failure.message() + " Procore also refused to set the"
                            + " prime contract back to " + sync.restoreStatus() + " (" + refused.getMessage()
                            + "): set it back in Procore by hand.");
                }
            }
            Sync failed = sync.failed(failure, clock.instant());
            store.finishSync(companyId, contractId, failed);
            Log.warn("sync step", "step", "failed", "code", failure.code());
            return new Done(Sync.Status.FAILED, failed);
        }
    }

    private static boolean sameDecimal(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
