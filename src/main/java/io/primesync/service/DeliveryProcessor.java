package io.primesync.service;

import io.primesync.domain.NotVisible;
import io.primesync.domain.ProjectName;
import io.primesync.procore.HookSetup;
import io.primesync.procore.ProcoreException;
import io.primesync.procore.ProcoreReader;
import io.primesync.procore.ProcoreRecords;
import io.primesync.store.EventStamp;
import io.primesync.store.ProjectRecords.PrimeContractRef;
import io.primesync.store.ProjectRecords;
import io.primesync.webhook.ProcoreDelivery;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One of Procore's deliveries, taken from its queue: what it names (a project, a prime contract, a change order, a
 * prime contract's line items) is fetched from Procore and what Procore says now is applied. The delivery's own
 * content is never trusted beyond the ids it names. A call Procore's rate limit holds back is a
 * {@link ProcoreException.RateLimited} the caller waits out elsewhere.
 */
public final class DeliveryProcessor {
    private final ProjectRecords store;
    private final ProcoreReader procore;
    private final ProcoreResources resources;
    private final CompanyBinding binding;
    private final Clock clock;
    private final String changeOrderResource;
    private final String ownApplicationId;
    /** The companies this container has registered for the reconciliation (once each, after a verified read). */
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    /**
     * @param changeOrderResource the resource name change-order deliveries come under
     * @param ownApplicationId the product's application id in Procore, to tell its own writes apart (null: unknown)
     */
    public DeliveryProcessor(ProjectRecords store, ProcoreReader procore, Clock clock, String changeOrderResource,
            String ownApplicationId) {
        this(store, procore, clock, changeOrderResource, ownApplicationId, ProcoreRules.DEFAULT);
    }

    /** @param rules how each company's units of measure are named in Procore, for comparing its lines */
    public DeliveryProcessor(ProjectRecords store, ProcoreReader procore, Clock clock, String changeOrderResource,
            String ownApplicationId, ProcoreRules rules) {
        this.store = store;
        this.procore = procore;
        this.resources = new ProcoreResources(store, procore, rules);
        this.binding = new CompanyBinding(procore);
        this.clock = clock;
        this.changeOrderResource = changeOrderResource;
        this.ownApplicationId = ownApplicationId;
    }

    /**
     * Fetches what the delivery names and applies what Procore says now, if it is the delivery's company's: a project
     * Procore places in another company, or a record in such a project, is dropped ({@link CompanyBinding}). A
     * company enters the reconciliation's list only once a read has shown it real.
     */
    public Findings apply(ProcoreDelivery d) {
        Findings found = new Findings();
        EventStamp stamp = new EventStamp(clock.millis(), d.ulid());
        String company = d.companyId();
        if (HookSetup.PROJECTS.equals(d.resourceName())) {
            ProcoreResources.Seen<Optional<ProcoreRecords.Project>> read = ProcoreResources.read(
                    () -> procore.project(company, d.resourceId()));
            if (!read.seen() || read.value().isEmpty()) {
                // Procore never deletes a project: one it will not show is one the service account may not see
                return notVisible(read.seen() ? ProcoreResources.NOT_FOUND : read.why(), company, d.resourceId(),
                        NotVisible.PROJECT, stamp, found);
            }
            Optional<ProcoreRecords.Project> project = read.value();
            if (!binding.belongs(company, project.get())) {
                CompanyBinding.dropped(found, company, d.resourceName(), d.resourceId(), project.get().id(),
                        project.get().companyId());
                return found;
            }
            verified(company);
            resources.project(company, name(project.get()), project.get().originId(), stamp, found);
        } else if (HookSetup.PRIME_CONTRACTS.equals(d.resourceName())) {
            if (d.projectId() == null) {
                found.add("ignored: no project");
                return found;
            }
            ProcoreResources.Seen<Optional<ProcoreRecords.PrimeContract>> read = ProcoreResources.read(
                    () -> procore.primeContract(company, d.projectId(), d.resourceId()));
            if (!read.seen()) {
                return primeContractNotVisible(read.why(), company, d.resourceId(), stamp, found);
            }
            Optional<ProcoreRecords.PrimeContract> pc = read.value();
            if (pc.isEmpty() && !"delete".equalsIgnoreCase(d.eventType())) {
                // not there, and Procore did not say it was deleted: the service account may not see it
                return primeContractNotVisible(ProcoreResources.NOT_FOUND, company, d.resourceId(), stamp, found);
            }
            // what is gone (a delete Procore told, confirmed by the read) only takes away what the company had; what
            // is there must be the company's
            if (pc.isPresent() && !inCompanyProject(d, found)) {
                return found;
            }
            resources.primeContract(company, d.projectId(), d.resourceId(), pc, stamp, found);
        } else if (changeOrderResource.equals(d.resourceName())) {
            if (d.projectId() == null) {
                found.add("ignored: no project");
                return found;
            }
            // a change order package's id is not a change order's: what changed is found by listing the project's
            ProcoreResources.Seen<List<ProcoreRecords.ChangeOrder>> read = ProcoreResources.read(
                    () -> procore.changeOrders(company, d.projectId()));
            if (!read.seen()) {
                return notVisible(read.why(), company, d.projectId(), NotVisible.CHANGE_ORDERS, stamp, found);
            }
            if (!inCompanyProject(d, found)) {
                return found;
            }
            // read whole again: one conditional write, a no-op unless they were unseen (no read of the projects)
            resources.projectSeen(company, d.projectId(), NotVisible.CHANGE_ORDERS, stamp, found);
            for (ProcoreRecords.ChangeOrder co : read.value()) {
                resources.changeOrder(company, co, stamp, found);
            }
        } else if (HookSetup.LINE_ITEMS.equals(d.resourceName())) {
            lineItems(d, company, stamp, found);
        } else {
            found.add("ignored: " + d.resourceName());
        }
        return found;
    }

    /** A read the service account was refused ({@code why}): what it names becomes unknown, if it is the company's. */
    private Findings notVisible(String why, String company, String projectId, String what, EventStamp stamp,
            Findings found) {
        if (store.projects(company).stream().anyMatch(p -> p.projectId().equals(projectId))) {
            resources.projectNotVisible(company, projectId, what, why, stamp, found);
        } else {
            found.add("not ours");
        }
        return found;
    }

    /** A prime contract the service account cannot read: unknown when it is one of the company's, never gone. */
    private Findings primeContractNotVisible(String why, String company, String primeContractId, EventStamp stamp,
            Findings found) {
        Optional<PrimeContractRef> ref = store.primeContract(company, primeContractId).filter(r -> !r.gone());
        if (ref.isPresent()) {
            resources.primeContractNotVisible(company, ref.get(), why, stamp, found);
        } else {
            found.add("not ours");
        }
        return found;
    }

    /** Whether the delivery's project is its company's; if not, the finding is counted and logged. */
    private boolean inCompanyProject(ProcoreDelivery d, Findings found) {
        CompanyBinding.Verdict verdict = binding.project(d.companyId(), d.projectId());
        switch (verdict.kind()) {
            case OURS -> {
                verified(d.companyId());
                return true;
            }
            case OTHERS -> CompanyBinding.dropped(found, d.companyId(), d.resourceName(), d.resourceId(), d.projectId(),
                    verdict.projectCompanyId());
            default -> found.add(CompanyBinding.UNKNOWN_PROJECT);
        }
        return false;
    }

    /** A company whose hook delivers what Procore shows is its own is one to reconcile (once per container). */
    private void verified(String company) {
        if (registered.add(company)) {
            store.registerCompany(company);
        }
    }

    static ProjectName name(ProcoreRecords.Project p) {
        return new ProjectName(p.id(), p.name(), p.number());
    }

    /** Line items changed: the prime contracts of that project that carry our contract ids are compared again. */
    private void lineItems(ProcoreDelivery d, String company, EventStamp stamp, Findings found) {
        if (ownApplicationId != null && ownApplicationId.equals(d.sourceApplicationId())) {
            found.add("own write");
            return;
        }
        if (d.projectId() == null) {
            return;
        }
        for (PrimeContractRef ref : store.primeContracts(company)) {
            if (!ref.gone() && ref.projectId().equals(d.projectId())
                    && (d.primeContractId() == null || d.primeContractId().equals(ref.primeContractId()))) {
                resources.lines(company, ref, stamp, found);
            }
        }
    }
}
