package io.primesync.service;

import io.primesync.domain.PccoStatus;
import io.primesync.logging.Log;
import io.primesync.procore.HookSetup;
import io.primesync.procore.LinePlan;
import io.primesync.procore.ProcoreClient;
import io.primesync.procore.ProcoreRecords;
import io.primesync.store.ContractDetail;
import io.primesync.store.ContractHead;
import io.primesync.store.ContractStore;
import io.primesync.store.EventStamp;
import io.primesync.store.Listing;
import io.primesync.store.Page;
import io.primesync.store.ProcoreFacts;
import io.primesync.store.ProcoreFacts.PrimeContractRef;
import io.primesync.webhook.ProcoreDelivery;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The project side, as Procore says it is now: what a delivery names is fetched and applied (a project's job origin,
 * a prime contract carrying one of the company's contract ids and where it is, a change order's status, whether the
 * line items of an imported contract still match what was synced), and the reconciliation re-reads all of it for a
 * company. Every write carries the time of the read, so the later read wins and a late or reordered delivery cannot
 * take the state back in time. Procore's rate limits are the client's: a call held back is a {@link
 * io.primesync.procore.ProcoreException.RateLimited} the caller waits out elsewhere.
 */
public final class ProjectSide {
    /** What a delivery or a run did, by kind, for the log line and the metrics. */
    public static final class Findings {
        private final Map<String, Integer> counts = new TreeMap<>();

        void add(String kind) {
            counts.merge(kind, 1, Integer::sum);
        }

        public Map<String, Integer> counts() {
            return Map.copyOf(counts);
        }

        public int get(String kind) {
            return counts.getOrDefault(kind, 0);
        }

        @Override
        public String toString() {
            return counts.toString();
        }
    }

    private static final String PROJECTS = HookSetup.PROJECTS;
    private static final String PRIME_CONTRACTS = HookSetup.PRIME_CONTRACTS;
    private static final String LINE_ITEMS = HookSetup.LINE_ITEMS;

    private final ContractStore store;
    private final ProcoreFacts facts;
    private final ProcoreClient procore;
    private final Clock clock;
    private final String changeOrderResource;
    private final String ownApplicationId;
    /** The companies this container has registered for the reconciliation (once each). */
    private final Set<String> registered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param changeOrderResource the resource name change-order deliveries come under
     * @param ownApplicationId the product's application id in Procore, to tell its own writes apart (null: unknown)
     */
    public ProjectSide(ContractStore store, ProcoreClient procore, Clock clock, String changeOrderResource,
            String ownApplicationId) {
        this.store = store;
        this.facts = store.procoreFacts();
        this.procore = procore;
        this.clock = clock;
        this.changeOrderResource = changeOrderResource;
        this.ownApplicationId = ownApplicationId;
    }

    // ---------------------------------------------------------------- one delivery

    /** Fetches what the delivery names and applies what Procore says now. */
    public Findings apply(ProcoreDelivery d) {
        Findings found = new Findings();
        EventStamp stamp = new EventStamp(clock.millis(), d.ulid());
        String company = d.companyId();
        if (!registered.contains(company)) {
            // a company whose hook delivers is one to reconcile, even if its imports are older than the registry
            facts.registerCompany(company);
            registered.add(company);
        }
        if (PROJECTS.equals(d.resourceName())) {
            String origin = procore.project(company, d.resourceId()).map(ProcoreRecords.Project::originId).orElse(null);
            project(company, d.resourceId(), origin, stamp, found);
        } else if (PRIME_CONTRACTS.equals(d.resourceName())) {
            if (d.projectId() == null) {
                found.add("ignored: no project");
            } else {
                primeContract(company, d.projectId(), d.resourceId(),
                        procore.primeContract(company, d.projectId(), d.resourceId()), stamp, found);
            }
        } else if (changeOrderResource.equals(d.resourceName())) {
            if (d.projectId() == null) {
                found.add("ignored: no project");
            } else {
                procore.changeOrder(company, d.projectId(), d.resourceId())
                        .ifPresentOrElse(co -> changeOrder(company, co, stamp, found), () -> found.add("change order gone"));
            }
        } else if (LINE_ITEMS.equals(d.resourceName())) {
            if (ownApplicationId != null && ownApplicationId.equals(d.sourceApplicationId())) {
                found.add("own write");
            } else if (d.projectId() != null) {
                for (PrimeContractRef ref : facts.primeContracts(company)) {
                    if (!ref.gone() && ref.projectId().equals(d.projectId())
                            && (d.primeContractId() == null || d.primeContractId().equals(ref.primeContractId()))) {
                        lines(company, ref, stamp, found);
                    }
                }
            }
        } else {
            found.add("ignored: " + d.resourceName());
        }
        return found;
    }

    // ---------------------------------------------------------------- the reconciliation

    /** Re-reads the company's projects, the prime contracts of its contracts, their change orders and lines. */
    public Findings reconcile(String company) {
        Findings found = new Findings();
        EventStamp stamp = new EventStamp(clock.millis(), "reconcile-" + java.util.UUID.randomUUID());
        Map<String, String> origins = new LinkedHashMap<>();
        for (ProcoreRecords.Project p : procore.projects(company)) {
            origins.put(p.id(), p.originId());
        }
        Set<String> inProcore = Set.copyOf(origins.keySet());
        for (ProcoreFacts.ProjectOrigin known : facts.projects(company)) {
            if (!origins.containsKey(known.projectId()) && known.jobNumber() != null) {
                origins.put(known.projectId(), null); // gone from Procore
            }
        }
        origins.forEach((id, origin) -> project(company, id, origin, stamp, found));
        found.counts.merge("projects read", origins.size(), Integer::sum);

        // the contracts of the company
        Set<String> contracts = new HashSet<>();
        for (boolean synced : new boolean[] {true, false}) {
            String after = null;
            do {
                Page<Listing> page = store.list(company, synced, after, 100);
                page.items().forEach(l -> contracts.add(l.head().contractId()));
                after = page.next();
            } while (after != null);
        }
        // every project's prime contracts: one carrying a contract id of the company is the contract in that project
        // (wherever someone made it); one known before and no longer there is gone
        List<PrimeContractRef> known = facts.primeContracts(company);
        Set<String> present = new HashSet<>();
        Set<String> withOurs = new java.util.TreeSet<>();
        for (String project : inProcore) {
            for (ProcoreRecords.PrimeContract pc : procore.primeContracts(company, project)) {
                if (pc.originId() != null && contracts.contains(pc.originId())) {
                    present.add(pc.id());
                    withOurs.add(project);
                    primeContract(company, project, pc.id(), Optional.of(pc), stamp, found);
                }
            }
        }
        for (PrimeContractRef ref : known) {
            if (!ref.gone() && !present.contains(ref.primeContractId())) {
                primeContract(company, ref.projectId(), ref.primeContractId(), Optional.empty(), stamp, found);
            }
        }
        // the change orders of the projects the company's contracts are in
        for (String project : withOurs) {
            for (ProcoreRecords.ChangeOrder co : procore.changeOrders(company, project)) {
                changeOrder(company, co, stamp, found);
            }
        }
        for (PrimeContractRef ref : facts.primeContracts(company)) {
            if (!ref.gone()) {
                lines(company, ref, stamp, found);
            }
        }
        found.counts.merge("prime contracts read", present.size(), Integer::sum);
        Log.info("reconciliation", "companyId", company, "findings", found.counts().toString());
        return found;
    }

    // ---------------------------------------------------------------- what each resource says

    private void project(String company, String projectId, String origin, EventStamp stamp, Findings found) {
        ProcoreFacts.Applied applied = facts.applyProjectOrigin(company, projectId, origin, stamp);
        if (!applied.applied()) {
            found.add("stale");
            return;
        }
        String before = applied.previousJobNumber();
        if (before != null && !before.equals(origin)) {
            facts.applyJobProject(company, before, projectId, false, stamp);
            found.add("job origins changed");
        } else if (before == null && origin != null) {
            found.add("job origins changed");
        }
        if (origin != null) {
            facts.applyJobProject(company, origin, projectId, true, stamp);
        }
    }

    /** A prime contract as Procore has it now (empty: gone). Only those carrying one of our contract ids count. */
    private void primeContract(String company, String projectId, String pcId,
            Optional<ProcoreRecords.PrimeContract> now, EventStamp stamp, Findings found) {
        Optional<PrimeContractRef> known = facts.primeContract(company, pcId);
        String origin = now.map(ProcoreRecords.PrimeContract::originId).orElse(null);
        Optional<ContractHead> head = origin == null ? Optional.empty() : store.head(company, origin);
        if (head.isPresent()) {
            String where = now.get().projectId() == null ? projectId : now.get().projectId();
            facts.applyPrimeContract(company, new PrimeContractRef(pcId, origin, where, false), stamp);
            boolean wasLinked = head.get().linkedProjectIds().contains(where);
            store.applyLink(company, origin, where, true, pcId, stamp);
            if (!wasLinked) {
                found.add("links added");
            }
            known.filter(k -> !k.gone() && (!k.contractId().equals(origin) || !k.projectId().equals(where)))
                    .ifPresent(k -> unlink(company, k, stamp, found));
        } else if (known.isPresent() && !known.get().gone()) {
            facts.applyPrimeContract(company, new PrimeContractRef(pcId, known.get().contractId(),
                    known.get().projectId(), true), stamp);
            unlink(company, known.get(), stamp, found);
        } else {
            found.add("not ours");
        }
    }

    private void unlink(String company, PrimeContractRef ref, EventStamp stamp, Findings found) {
        store.applyLink(company, ref.contractId(), ref.projectId(), false, ref.primeContractId(), stamp);
        found.add("links removed");
        if (store.head(company, ref.contractId()).map(h -> ref.primeContractId().equals(h.procorePrimeContractId()))
                .orElse(false)) {
            // the prime contract the product wrote is gone: nothing of Procore's to compare with what was synced
            store.applyProcoreLines(company, ref.contractId(), 0, stamp);
        }
    }

    private void changeOrder(String company, ProcoreRecords.ChangeOrder co, EventStamp stamp, Findings found) {
        if (co.primeContractId() == null) {
            found.add("not ours");
            return;
        }
        Optional<PrimeContractRef> known = facts.primeContract(company, co.primeContractId());
        if (known.isPresent() && known.get().gone()) {
            // a change order left behind by a prime contract deleted in Procore (its ids never come back)
            found.add("not ours");
            return;
        }
        Optional<PrimeContractRef> ref = known;
        if (ref.isEmpty()) {
            // a change order of a prime contract not seen yet: look at the contract itself
            Optional<ProcoreRecords.PrimeContract> pc = procore.primeContract(company, co.projectId(), co.primeContractId());
            primeContract(company, co.projectId(), co.primeContractId(), pc, stamp, found);
            ref = facts.primeContract(company, co.primeContractId()).filter(r -> !r.gone());
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
        store.applyPcco(company, ref.get().contractId(), co.projectId(), co.primeContractId(), co.id(), status, stamp);
        if (wasApproved != (status == PccoStatus.APPROVED)) {
            found.add("change orders changed");
        }
    }

    /** Whether Procore's lines of an imported contract still are what was synced; how many differ. */
    private void lines(String company, PrimeContractRef ref, EventStamp stamp, Findings found) {
        Optional<ContractDetail> detail = store.load(company, ref.contractId());
        if (detail.isEmpty() || !detail.get().head().imported() || detail.get().head().active() != null
                || !ref.primeContractId().equals(detail.get().head().procorePrimeContractId())) {
            // not imported, or a sync is writing (its writes are ours), or not the prime contract the product writes
            return;
        }
        List<ProcoreRecords.Line> held = procore.lineItems(company, ref.projectId(), ref.primeContractId());
        int differing = LinePlan.of(ref.contractId(), detail.get().syncedLines(), held).writes();
        int before = detail.get().head().procoreDriftLines();
        store.applyProcoreLines(company, ref.contractId(), differing, stamp);
        if (differing > 0 && before == 0) {
            found.add("drift found");
        } else if (differing == 0 && before > 0) {
            found.add("drift cleared");
        }
    }
}
