package io.primesync.service;

import io.primesync.domain.NotVisible;
import io.primesync.logging.Log;
import io.primesync.procore.HookSetup;
import io.primesync.procore.ProcoreReader;
import io.primesync.procore.ProcoreRecords;
import io.primesync.store.EventStamp;
import io.primesync.store.ProjectRecords.PrimeContractRef;
import io.primesync.store.ProjectRecords;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The reconciliation of one company: Procore's side re-read whole (its projects' job origins, the prime contracts
 * of the company's contracts wherever they are, their change orders and lines) and applied as one read, so that what
 * a lost delivery never told is caught within one period.
 */
public final class Reconciler {
    /** The finding of a company taken off the list: it has neither contracts nor a hook. */
    static final String LEFT = "company left: no contracts, no hook";

    private final ProjectRecords store;
    private final ProcoreReader procore;
    private final ProcoreResources resources;
    /** The finding of a disabled hook made active again. */
    static final String HOOK_REENABLED = "hooks re-enabled";

    private final Clock clock;
    private final String hookDestination;

    public Reconciler(ProjectRecords store, ProcoreReader procore, Clock clock) {
        this(store, procore, clock, ProcoreRules.DEFAULT, null);
    }

    /**
     * @param rules how each company's units of measure are named in Procore, for comparing its lines
     * @param hookDestination the URL the product's hooks deliver to, or null: then every hook of the product's
     *     namespace is the product's
     */
    public Reconciler(ProjectRecords store, ProcoreReader procore, Clock clock, ProcoreRules rules,
            String hookDestination) {
        this.store = store;
        this.procore = procore;
        this.resources = new ProcoreResources(store, procore, rules);
        this.clock = clock;
        this.hookDestination = hookDestination == null || hookDestination.isBlank() ? null : hookDestination.strip();
    }

    /**
     * The companies to reconcile: each one that imported a contract, or whose hook delivered something Procore showed
     * to be its own; a company with neither contracts nor a hook leaves the list at its next run.
     */
    public List<String> companies() {
        return store.companies();
    }

    /** Whether the stored project had the thing unseen at the last read. */
    private static boolean unseen(Map<String, ProjectRecords.ProjectOrigin> stored, String project, String what) {
        ProjectRecords.ProjectOrigin p = stored.get(project);
        return p != null && p.unseen(what);
    }

    /**
     * Re-reads the company's projects, the prime contracts of its contracts, their change orders and lines. What the
     * service account cannot see is recorded as unknown (with when and why), never as gone: a prime contract leaves
     * only when Procore's deliveries say it was deleted.
     */
    public Findings reconcile(String company) {
        Findings found = new Findings();
        List<ProcoreRecords.Hook> hooks = procore.hooks(company, HookSetup.NAMESPACE).stream()
                .filter(h -> HookSetup.NAMESPACE.equals(h.namespace())
                        && (hookDestination == null || hookDestination.equals(h.destinationUrl())))
                .toList();
        if (store.contractIds(company).isEmpty() && hooks.isEmpty()) {
            // nothing of the company's to follow, and no hook to tell of anything: off the list until one appears
            store.unregisterCompany(company);
            found.add(LEFT);
            Log.info("reconciliation", "companyId", company, "findings", found.counts().toString());
            return found;
        }
        for (ProcoreRecords.Hook hook : hooks) {
            if (hook.disabled()) {
                // Procore stopped delivering (repeated discards, or people): nothing is told until it is active again
                procore.setHookStatus(company, hook.id(), "active");
                found.add(HOOK_REENABLED);
                Log.warn("procore webhook re-enabled", "companyId", company, "hookId", hook.id());
            }
        }
        EventStamp stamp = new EventStamp(clock.millis(), "reconcile-" + UUID.randomUUID());
        // the company's projects, active and inactive
        Map<String, ProcoreRecords.Project> read = new LinkedHashMap<>();
        for (ProcoreRecords.Project p : procore.projects(company)) {
            if (p.companyId() != null && !p.companyId().equals(company)) {
                CompanyBinding.dropped(found, company, HookSetup.PROJECTS, p.id(), p.id(), p.companyId());
                continue;
            }
            read.put(p.id(), p);
        }
        read.forEach((id, p) -> resources.project(company, DeliveryProcessor.name(p), p.originId(), stamp, found));
        Map<String, ProjectRecords.ProjectOrigin> stored = new LinkedHashMap<>();
        store.projects(company).forEach(p -> stored.put(p.projectId(), p));
        List<PrimeContractRef> known = store.primeContracts(company);
        // a project the product follows (a job's, or one a contract is in) that no list shows is asked for itself:
        // Procore leaves out of its lists what the service account may not see, so absent is unknown, never gone
        Set<String> followed = new TreeSet<>();
        stored.values().stream().filter(p -> p.jobNumber() != null).forEach(p -> followed.add(p.projectId()));
        known.stream().filter(r -> !r.gone()).forEach(r -> followed.add(r.projectId()));
        int projects = read.size();
        for (String id : followed) {
            if (read.containsKey(id)) {
                continue;
            }
            projects++;
            ProcoreResources.Seen<Optional<ProcoreRecords.Project>> alone = ProcoreResources.read(
                    () -> procore.project(company, id));
            if (alone.seen() && alone.value().isPresent() && (alone.value().get().companyId() == null
                    || alone.value().get().companyId().equals(company))) {
                ProcoreRecords.Project p = alone.value().get();
                read.put(id, p);
                resources.project(company, DeliveryProcessor.name(p), p.originId(), stamp, found);
                continue;
            }
            String why = !alone.seen() ? alone.why()
                    : alone.value().isEmpty() ? ProcoreResources.NOT_FOUND : ProcoreResources.ABSENT;
            resources.projectNotVisible(company, id, NotVisible.PROJECT, why, stamp, found);
        }
        found.add("projects read", projects);

        Set<String> contracts = new HashSet<>(store.contractIds(company));
        // every visible project's prime contracts: one carrying a contract id of the company is the contract in that
        // project (wherever someone made it)
        Set<String> present = new HashSet<>();
        Set<String> withOurs = new TreeSet<>();
        Set<String> listed = new HashSet<>();
        for (String project : read.keySet()) {
            ProcoreResources.Seen<List<ProcoreRecords.PrimeContract>> pcs = ProcoreResources.read(
                    () -> procore.primeContracts(company, project));
            if (!pcs.seen()) {
                resources.projectNotVisible(company, project, NotVisible.PRIME_CONTRACTS, pcs.why(), stamp, found);
                continue;
            }
            listed.add(project);
            if (unseen(stored, project, NotVisible.PRIME_CONTRACTS)) {
                resources.projectSeen(company, project, NotVisible.PRIME_CONTRACTS, stamp, found);
            }
            for (ProcoreRecords.PrimeContract pc : pcs.value()) {
                if (pc.originId() != null && contracts.contains(pc.originId())) {
                    present.add(pc.id());
                    withOurs.add(project);
                    resources.primeContract(company, project, pc.id(), Optional.of(pc), stamp, found);
                }
            }
        }
        // one known before and no longer listed: read by itself; gone only when Procore says it was deleted (the read
        // shows it deleted, or the hook's deliveries tell its deletion), and unknown when the account cannot see it
        Set<String> deleted = null;
        for (PrimeContractRef ref : known) {
            if (ref.gone() || present.contains(ref.primeContractId()) || !listed.contains(ref.projectId())) {
                // a project that could not be listed leaves its prime contracts unknown, never gone
                continue;
            }
            ProcoreResources.Seen<Optional<ProcoreRecords.PrimeContract>> alone = ProcoreResources.read(
                    () -> procore.primeContract(company, ref.projectId(), ref.primeContractId()));
            if (alone.seen() && alone.value().isPresent()) {
                present.add(ref.primeContractId());
                resources.primeContract(company, ref.projectId(), ref.primeContractId(), alone.value(), stamp, found);
                continue;
            }
            String why = alone.seen() ? ProcoreResources.NOT_FOUND : alone.why();
            if (deleted == null) {
                deleted = new HashSet<>();
                for (ProcoreRecords.Hook hook : hooks) {
                    deleted.addAll(procore.deletions(company, hook.id(), HookSetup.PRIME_CONTRACTS));
                }
            }
            if (deleted.contains(ref.primeContractId())) {
                resources.primeContract(company, ref.projectId(), ref.primeContractId(), Optional.empty(), stamp, found);
            } else {
                resources.primeContractNotVisible(company, ref, why, stamp, found);
            }
        }
        // the change orders of the projects the company's contracts are in
        for (String project : withOurs) {
            ProcoreResources.Seen<List<ProcoreRecords.ChangeOrder>> orders = ProcoreResources.read(
                    () -> procore.changeOrders(company, project));
            if (!orders.seen()) {
                resources.projectNotVisible(company, project, NotVisible.CHANGE_ORDERS, orders.why(), stamp, found);
                continue;
            }
            if (unseen(stored, project, NotVisible.CHANGE_ORDERS)) {
                resources.projectSeen(company, project, NotVisible.CHANGE_ORDERS, stamp, found);
            }
            for (ProcoreRecords.ChangeOrder co : orders.value()) {
                resources.changeOrder(company, co, stamp, found);
            }
        }
        for (PrimeContractRef ref : store.primeContracts(company)) {
            if (!ref.gone() && listed.contains(ref.projectId())) {
                resources.lines(company, ref, stamp, found);
            }
        }
        found.add("prime contracts read", present.size());
        Log.info("reconciliation", "companyId", company, "findings", found.counts().toString());
        return found;
    }
}
