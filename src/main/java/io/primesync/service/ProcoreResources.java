package io.primesync.service;

import io.primesync.domain.ChangeOrderName;
import io.primesync.domain.NotVisible;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.ProcoreLines;
import io.primesync.domain.ProjectName;
import io.primesync.logging.Log;
import io.primesync.procore.LinePlan;
import io.primesync.procore.ProcoreException;
import io.primesync.procore.ProcoreReader;
import io.primesync.procore.ProcoreRecords;
import io.primesync.store.ApplyResult;
import io.primesync.store.ContractDetail;
import io.primesync.store.ContractHead;
import io.primesync.store.EventStamp;
import io.primesync.store.ProjectRecords.PrimeContractRef;
import io.primesync.store.ProjectRecords;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a read of each Procore resource means for the facts the product keeps: a project's job origin, a prime
 * contract carrying one of the company's contract ids and where it is, a change order's status, whether the line
 * items of an imported contract still match what was synced. Shared by one delivery ({@link DeliveryProcessor}) and
 * the reconciliation of a company ({@link Reconciler}); each write carries the stamp of the read, so the later read
 * wins.
 */
final class ProcoreResources {
    private final ProjectRecords store;
    private final ProcoreReader procore;
    private final ProcoreRules rules;

    ProcoreResources(ProjectRecords store, ProcoreReader procore, ProcoreRules rules) {
        this.store = store;
        this.procore = procore;
        this.rules = rules;
    }

    /**
     * Procore's answer that the service account cannot see something: "403 Forbidden", or "404 Not Found" (Procore
     * answers 404 both for what is not there and for what the account may not see); null for any other failure.
     */
    static String unseen(RuntimeException e) {
        if (e instanceof ProcoreException.Refused r && (r.status() == 403 || r.status() == 404)) {
            return r.status() == 403 ? FORBIDDEN : NOT_FOUND;
        }
        return null;
    }

    /** What a read of Procore's gave, or why the service account may not see what it names (then no value). */
    record Seen<T>(T value, String why) {
        boolean seen() {
            return why == null;
        }
    }

    /** Runs a read; a 403 or a 404 comes back as {@link Seen#why()}, any other failure is thrown. */
    static <T> Seen<T> read(Supplier<T> read) {
        try {
            return new Seen<>(read.get(), null);
        } catch (ProcoreException e) {
            String why = unseen(e);
            if (why == null) {
                throw e;
            }
            return new Seen<>(null, why);
        }
    }

    static final String FORBIDDEN = "403 Forbidden";
    static final String NOT_FOUND = "404 Not Found";
    static final String ABSENT = "absent from the company's projects, active and inactive";

    /** The finding of something the service account cannot see, and of it seen again. */
    static final String NOT_VISIBLE = "not visible";
    static final String VISIBLE_AGAIN = "visible again";

    /**
     * Something of a project the service account cannot see ({@link NotVisible#PROJECT}, its prime contracts or its
     * change orders): unknown, never gone. Nothing is unlinked; the facts last read stay until a read sees it again.
     */
    void projectNotVisible(String company, String projectId, String what, String why, EventStamp stamp, Findings found) {
        NotVisible unseen = new NotVisible(what, projectId, null, why, Instant.ofEpochMilli(stamp.epochMillis()).toString());
        if (store.applyProjectNotVisible(company, projectId, what, unseen, stamp) == ApplyResult.APPLIED) {
            found.add(NOT_VISIBLE);
            Log.warn("procore: not visible to the service account", "companyId", company, "projectId", projectId,
                    "what", what, "why", why);
        }
    }

    /** Something of a project read whole again: what was unseen of it is known again. */
    void projectSeen(String company, String projectId, String what, EventStamp stamp, Findings found) {
        if (store.applyProjectNotVisible(company, projectId, what, null, stamp) == ApplyResult.APPLIED) {
            found.add(VISIBLE_AGAIN);
        }
    }

    /** A prime contract of the company's the service account cannot see: unknown, not gone; the link stays. */
    void primeContractNotVisible(String company, PrimeContractRef ref, String why, EventStamp stamp, Findings found) {
        NotVisible unseen = new NotVisible(NotVisible.PRIME_CONTRACT, ref.projectId(), ref.primeContractId(), why,
                Instant.ofEpochMilli(stamp.epochMillis()).toString());
        if (store.applyPrimeContractNotVisible(company, ref.contractId(), unseen, stamp) == ApplyResult.APPLIED) {
            found.add(NOT_VISIBLE);
            Log.warn("procore: not visible to the service account", "companyId", company, "projectId", ref.projectId(),
                    "primeContractId", ref.primeContractId(), "why", why);
        }
    }

    /** A project as Procore has it now: its name and number, and its job origin (null: none). */
    void project(String company, ProjectName project, String origin, EventStamp stamp, Findings found) {
        String projectId = project.id();
        ProjectRecords.Applied applied = store.applyProjectOrigin(company, project, origin, stamp);
        if (!applied.applied()) {
            found.add("stale");
            return;
        }
        String before = applied.previousJobNumber();
        if (before != null && !before.equals(origin)) {
            store.applyJobProject(company, before, projectId, false, stamp);
            found.add("job origins changed");
        } else if (before == null && origin != null) {
            found.add("job origins changed");
        }
        if (origin != null) {
            store.applyJobProject(company, origin, projectId, true, stamp);
        }
    }

    /** A prime contract as Procore has it now (empty: gone). Only those carrying one of our contract ids count. */
    void primeContract(String company, String projectId, String pcId, Optional<ProcoreRecords.PrimeContract> read,
            EventStamp stamp, Findings found) {
        // a read that finds it deleted (Procore's deleted_at) is Procore saying it is gone
        Optional<ProcoreRecords.PrimeContract> now = read.filter(pc -> !pc.deleted());
        Optional<PrimeContractRef> known = store.primeContract(company, pcId);
        String origin = now.map(ProcoreRecords.PrimeContract::originId).orElse(null);
        Optional<ContractHead> head = origin == null ? Optional.empty() : store.head(company, origin);
        if (head.isPresent()) {
            String where = now.get().projectId() == null ? projectId : now.get().projectId();
            store.applyPrimeContract(company, new PrimeContractRef(pcId, origin, where, false), stamp);
            boolean wasLinked = head.get().linkedProjectIds().contains(where);
            if (now.get().ownedElsewhere()) {
                // another integration's prime contract with the contract's id: not the product's to write, nor a link
                store.applyProcoreOwner(company, origin, pcId, now.get().writtenBy(), stamp);
                if (wasLinked) {
                    store.applyLink(company, origin, where, false, pcId, stamp);
                    found.add("links removed");
                }
                found.add("owned elsewhere");
                return;
            }
            if (head.get().procoreOwner() != null) {
                store.applyProcoreOwner(company, origin, pcId, null, stamp);
            }
            if (head.get().procoreNotVisible() != null && store.applyPrimeContractNotVisible(company, origin, null,
                    stamp) == ApplyResult.APPLIED) {
                found.add(VISIBLE_AGAIN);
            }
            store.applyLink(company, origin, where, true, pcId, stamp);
            if (now.get().status() != null) {
                store.applyProcoreStatus(company, origin, pcId, now.get().status(), stamp);
            }
            if (!wasLinked) {
                found.add("links added");
            }
            known.filter(k -> !k.gone() && (!k.contractId().equals(origin) || !k.projectId().equals(where)))
                    .ifPresent(k -> unlink(company, k, stamp, found));
        } else if (known.isPresent() && !known.get().gone()) {
            store.applyPrimeContract(company, new PrimeContractRef(pcId, known.get().contractId(),
                    known.get().projectId(), true), stamp);
            unlink(company, known.get(), stamp, found);
        } else {
            found.add("not ours");
        }
    }

    private void unlink(String company, PrimeContractRef ref, EventStamp stamp, Findings found) {
        Optional<ContractHead> head = store.head(company, ref.contractId());
        if (head.map(h -> h.procoreOwner() != null).orElse(false)) {
            // another integration's prime contract gone, or no longer carrying the id: nothing of theirs stands in the way
            store.applyProcoreOwner(company, ref.contractId(), ref.primeContractId(), null, stamp);
        }
        store.applyLink(company, ref.contractId(), ref.projectId(), false, ref.primeContractId(), stamp);
        found.add("links removed");
        if (head.map(h -> ref.primeContractId().equals(h.procorePrimeContractId())).orElse(false)) {
            // the prime contract the product wrote is gone: nothing of Procore's to compare with what was synced
            store.applyProcoreLines(company, ref.contractId(), ProcoreLines.NONE, stamp);
        }
    }

    void changeOrder(String company, ProcoreRecords.ChangeOrder co, EventStamp stamp, Findings found) {
        if (co.primeContractId() == null) {
            found.add("not ours");
            return;
        }
        Optional<PrimeContractRef> known = store.primeContract(company, co.primeContractId());
        if (known.isPresent() && known.get().gone()) {
            // a change order left behind by a prime contract deleted in Procore (its ids never come back)
            found.add("not ours");
            return;
        }
        Optional<PrimeContractRef> ref = known;
        if (ref.isEmpty()) {
            // a change order of a prime contract not seen yet: look at the contract itself
            Seen<Optional<ProcoreRecords.PrimeContract>> read = read(() -> procore.primeContract(company,
                    co.projectId(), co.primeContractId()));
            if (!read.seen()) {
                // a prime contract the service account cannot see: its change orders wait until it can
                found.add(NOT_VISIBLE);
                return;
            }
            Optional<ProcoreRecords.PrimeContract> pc = read.value();
            if (pc.isEmpty()) {
                found.add("not ours");
                return;
            }
            primeContract(company, co.projectId(), co.primeContractId(), pc, stamp, found);
            ref = store.primeContract(company, co.primeContractId()).filter(r -> !r.gone());
        }
        if (ref.isEmpty()) {
            found.add("not ours");
            return;
        }
        PccoStatus status = PccoStatus.fromWire(co.status());
        if (status == null) {
            found.add("change order status unknown");
            return;
        }
        boolean wasApproved = store.head(company, ref.get().contractId())
                .map(h -> h.approvedPccoIds().contains(co.id())).orElse(false);
        store.applyPcco(company, ref.get().contractId(), co.projectId(), co.primeContractId(),
                new ChangeOrderName(co.id(), co.number(), co.title()), status, stamp);
        if (wasApproved != (status == PccoStatus.APPROVED)) {
            found.add("change orders changed");
        }
    }

    /** Whether Procore's lines of an imported contract still are what was synced; how many differ. */
    void lines(String company, PrimeContractRef ref, EventStamp stamp, Findings found) {
        Optional<ContractDetail> detail = store.load(company, ref.contractId());
        if (detail.isEmpty() || !detail.get().head().imported() || detail.get().head().active() != null
                || !ref.primeContractId().equals(detail.get().head().procorePrimeContractId())) {
            // not imported, or a sync is writing (its writes are ours), or not the prime contract the product writes
            return;
        }
        Seen<List<ProcoreRecords.Line>> read = read(() -> procore.lineItems(company, ref.projectId(),
                ref.primeContractId()));
        if (!read.seen()) {
            String why = read.why();
            if (why.equals(NOT_FOUND)) {
                // the prime contract itself may say it was deleted
                Optional<ProcoreRecords.PrimeContract> pc = procore.primeContract(company, ref.projectId(), ref.primeContractId());
                if (pc.isPresent() && pc.get().deleted()) {
                    primeContract(company, ref.projectId(), ref.primeContractId(), pc, stamp, found);
                    return;
                }
            }
            primeContractNotVisible(company, ref, why, stamp, found);
            return;
        }
        List<ProcoreRecords.Line> held = read.value();
        LinePlan plan = LinePlan.of(ref.contractId(), detail.get().syncedLines(), held, rules.units(company));
        int differing = plan.writes();
        int before = detail.get().head().procoreDriftLines();
        store.applyProcoreLines(company, ref.contractId(), plan.asRead(ref.contractId(), held), stamp);
        if (differing > 0 && before == 0) {
            found.add("drift found");
        } else if (differing == 0 && before > 0) {
            found.add("drift cleared");
        }
    }
}
