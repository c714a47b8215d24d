package io.primesync.service;

import io.primesync.domain.Caller;
import io.primesync.domain.ContractDiff;
import io.primesync.domain.ContractFacts;
import io.primesync.domain.Eligibility;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.ProjectName;
import io.primesync.domain.Reason;
import io.primesync.domain.Sync;
import io.primesync.store.ConcurrentChangeException;
import io.primesync.store.ContractDetail;
import io.primesync.store.ContractHead;
import io.primesync.store.ContractRecords;
import io.primesync.store.Listing;
import io.primesync.store.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The use cases on contracts: list, evaluate with a preview, import, re-import, history. */
public final class ContractService {
    /** With ready=true a page may need several reads of the index to fill; this caps the work of one request. */
    private static final int MAX_LIST_ROUNDS = 8;

    /**
     * A contract as listed: its head, the job's project, and why re-import and import are refused (if they are).
     *
     * @param projectIds the projects the contract is in: the one its prime contract is in, and each project of its
     *     job when the job has several (sorted)
     * @param projects each project above and the job's, as people know it in Procore
     */
    public record Summary(ContractHead head, String jobProjectId, List<String> projectIds, List<ProjectName> projects,
            List<Reason> reimportReasons, List<Reason> importReasons) {}

    /**
     * One contract evaluated for re-import: everything read, what would change, every failing rule, and the projects
     * it names as people know them.
     */
    public record Evaluation(ContractDetail detail, ContractDiff diff, List<Reason> reasons, List<ProjectName> projects) {}

    private final ContractRecords store;
    private final ProcoreRules rules;

    /** @param rules how each company meets Procore's locks, which some of the rules look at */
    public ContractService(ContractRecords store, ProcoreRules rules) {
        this.store = store;
        this.rules = rules;
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
            Set<String> projectIds = new TreeSet<>();
            listings.forEach(l -> projectIds.addAll(l.head().projectIds(l.jobProjectIds())));
            Map<String, ProjectName> names = projectIds.isEmpty() ? Map.of() : store.projectNames(companyId, projectIds);
            for (int i = 0; i < listings.size(); i++) {
                Summary summary = summarize(caller, companyId, listings.get(i), names, rules);
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

    private static Summary summarize(Caller caller, String companyId, Listing listing, Map<String, ProjectName> names,
            ProcoreRules rules) {
        ContractHead head = listing.head();
        ContractFacts facts = withRules(head.facts(listing.jobProjectIds(), names), rules, companyId);
        return new Summary(head, listing.jobProjectId(), facts.linkedProjectIds(),
                projects(facts, head.projectIds(listing.jobProjectIds())),
                Eligibility.forReimport(facts, caller, companyId), Eligibility.forImport(facts, caller, companyId));
    }

    public Evaluation evaluate(Caller caller, String companyId, String contractId) {
        requireRead(caller, companyId);
        return evaluate(store, rules, caller, companyId, load(companyId, contractId));
    }

    static Evaluation evaluate(ContractRecords store, ProcoreRules rules, Caller caller, String companyId,
            ContractDetail detail) {
        ContractDiff diff = detail.plan(rules.units(companyId));
        ContractFacts facts = withRules(facts(store, companyId, detail, diff.counts()), rules, companyId);
        return new Evaluation(detail, diff, Eligibility.forReimport(facts, caller, companyId),
                projects(facts, detail.projectIds()));
    }

    /** The facts the rules look at, with the projects they name as people know them. */
    static ContractFacts facts(ContractRecords store, String companyId, ContractDetail detail, PendingChanges pending) {
        Set<String> ids = detail.projectIds();
        Map<String, ProjectName> names = ids.isEmpty() ? Map.of() : store.projectNames(companyId, ids);
        return detail.head().facts(detail.jobProjectIds(), pending, names);
    }

    /** The facts under the company's choice about Procore's lock, for the project a re-import writes to. */
    private static ContractFacts withRules(ContractFacts facts, ProcoreRules rules, String companyId) {
        return facts.withSovRules(rules.unlocks(companyId, facts.targetProjectId()),
                rules.alwaysEditable(companyId, facts.targetProjectId()));
    }

    private static List<ProjectName> projects(ContractFacts facts, Set<String> projectIds) {
        return projectIds.stream().map(facts::project).toList();
    }

    public Page<Sync> history(Caller caller, String companyId, String contractId, String after, int limit) {
        requireRead(caller, companyId);
        return store.history(companyId, contractId, after, limit).orElseThrow(() -> notFound(contractId));
    }

    /** One sync of a contract, with its status and progress. */
    public Sync sync(Caller caller, String companyId, String contractId, String syncId) {
        requireRead(caller, companyId);
        return store.sync(companyId, contractId, syncId).orElseThrow(() -> new Refusal.NotFound(
                "No sync " + syncId + " is known for contract " + contractId + " of this company."));
    }

    private ContractDetail load(String companyId, String contractId) {
        return load(store, companyId, contractId);
    }

    static ContractDetail load(ContractRecords store, String companyId, String contractId) {
        try {
            return store.load(companyId, contractId).orElseThrow(() -> notFound(contractId));
        } catch (ConcurrentChangeException busy) {
            throw conflict();
        }
    }

    /** No read access to the company means nothing about it is shown, not even whether a contract exists. */
    static void requireRead(Caller caller, String companyId) {
        if (!caller.canRead(companyId)) {
            throw new Refusal.NoAccess(companyId);
        }
    }

    static Refusal notFound(String contractId) {
        return new Refusal.NotFound("No contract " + contractId + " is known from Spectrum for this company.");
    }

    static Refusal conflict() {
        return new Refusal.Conflict(
                "The contract changed while the request was processed. Nothing was applied; retry the request.", null);
    }
}
