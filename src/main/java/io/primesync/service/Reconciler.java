package io.primesync.service;

import io.primesync.domain.ProjectName;
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

    /** Re-reads the company's projects, the prime contracts of its contracts, their change orders and lines. */
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
        Map<String, ProcoreRecords.Project> read = new LinkedHashMap<>();
        for (ProcoreRecords.Project p : procore.projects(company)) {
            if (p.companyId() != null && !p.companyId().equals(company)) {
                CompanyBinding.dropped(found, company, HookSetup.PROJECTS, p.id(), p.id(), p.companyId());
                continue;
            }
            read.put(p.id(), p);
        }
        Set<String> inProcore = Set.copyOf(read.keySet());
        read.forEach((id, p) -> resources.project(company, DeliveryProcessor.name(p), p.originId(), stamp, found));
        int projects = read.size();
        for (ProjectRecords.ProjectOrigin known : store.projects(company)) {
            if (!read.containsKey(known.projectId()) && known.jobNumber() != null) {
                // gone from Procore
                resources.project(company, ProjectName.unknown(known.projectId()), null, stamp, found);
                projects++;
            }
        }
        found.add("projects read", projects);

        Set<String> contracts = new HashSet<>(store.contractIds(company));
        // every project's prime contracts: one carrying a contract id of the company is the contract in that project
        // (wherever someone made it); one known before and no longer there is gone
        List<PrimeContractRef> known = store.primeContracts(company);
        Set<String> present = new HashSet<>();
        Set<String> withOurs = new TreeSet<>();
        for (String project : inProcore) {
            for (ProcoreRecords.PrimeContract pc : procore.primeContracts(company, project)) {
                if (pc.originId() != null && contracts.contains(pc.originId())) {
                    present.add(pc.id());
                    withOurs.add(project);
                    resources.primeContract(company, project, pc.id(), Optional.of(pc), stamp, found);
                }
            }
        }
        for (PrimeContractRef ref : known) {
            if (!ref.gone() && !present.contains(ref.primeContractId())) {
                resources.primeContract(company, ref.projectId(), ref.primeContractId(), Optional.empty(), stamp, found);
            }
        }
        // the change orders of the projects the company's contracts are in
        for (String project : withOurs) {
            for (ProcoreRecords.ChangeOrder co : procore.changeOrders(company, project)) {
                resources.changeOrder(company, co, stamp, found);
            }
        }
        for (PrimeContractRef ref : store.primeContracts(company)) {
            if (!ref.gone()) {
                resources.lines(company, ref, stamp, found);
            }
        }
        found.add("prime contracts read", present.size());
        Log.info("reconciliation", "companyId", company, "findings", found.counts().toString());
        return found;
    }
}
