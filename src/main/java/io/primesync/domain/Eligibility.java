package io.primesync.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The import and re-import rules of docs/domain.md ("The re-import rules", "The first import rules"): every failing
 * rule is a reason, all evaluated every time.
 */
public final class Eligibility {
    private Eligibility() {}

    /** The two operations share most rules; the words a message uses and the company level needed differ. */
    private enum Action {
        IMPORT("import", "imported", Level.STANDARD),
        REIMPORT("re-import", "re-imported", Level.ADMIN);

        final String verb;
        final String participle;
        final Level companyLevelNeeded;

        Action(String verb, String participle, Level companyLevelNeeded) {
            this.verb = verb;
            this.participle = participle;
            this.companyLevelNeeded = companyLevelNeeded;
        }
    }

    /** Reasons a re-import is refused for this caller; empty means the re-import may proceed. */
    public static List<Reason> forReimport(ContractFacts facts, Caller caller, String companyId) {
        Action action = Action.REIMPORT;
        List<Reason> reasons = new ArrayList<>();
        if (!facts.imported()) {
            reasons.add(notImported(facts));
        }
        addErpAndJobReasons(reasons, facts, action);
        if (facts.imported() && facts.linkedProjectIds().isEmpty()) {
            reasons.add(notLinked(facts));
        }
        addMultipleLinksReason(reasons, facts, action);
        // something new: a change in the ERP, or Procore's lines no longer what was synced (edited in Procore). A
        // deleted contract has nothing to bring over by definition; its deletion says so, and "make the change in
        // Spectrum first" would contradict it
        if (facts.imported() && !facts.deleted() && !pending(facts).any() && facts.procoreDriftLines() == 0) {
            reasons.add(noUnsyncedChanges(facts));
        }
        if (!facts.approvedChangeOrders().isEmpty()) {
            reasons.add(approvedChangeOrders(facts));
        }
        if (facts.imported() && facts.sovLocked() && !facts.unlocksSov()
                && (!facts.alwaysEditableSov() || pending(facts).removed() > 0)) {
            // kept locked, unless the project's schedule of values is always editable and nothing is deleted
            reasons.add(sovLocked(facts));
        }
        if (facts.imported() && facts.procoreForeignLines() > 0) {
            reasons.add(ownedElsewhere(facts));
        }
        if (facts.procoreOwner() != null) {
            reasons.add(contractOwnedElsewhere(facts, action));
        }
        addNotVisible(reasons, facts, action);
        addRefused(reasons, facts, action);
        addSyncInProgress(reasons, facts, action);
        // Without a single target project the link reason already says what is wrong; a permission
        // on "no project" cannot be granted, so only the company part is judged then.
        addPermissionReason(reasons, facts, caller, companyId, facts.targetProjectId(), action);
        return List.copyOf(reasons);
    }

    /** Reasons a first import is refused for this caller; empty means the import may proceed. */
    public static List<Reason> forImport(ContractFacts facts, Caller caller, String companyId) {
        Action action = Action.IMPORT;
        List<Reason> reasons = new ArrayList<>();
        if (facts.imported()) {
            reasons.add(alreadyImported(facts));
        }
        addErpAndJobReasons(reasons, facts, action);
        addMultipleLinksReason(reasons, facts, action);
        if (facts.procoreOwner() != null) {
            reasons.add(contractOwnedElsewhere(facts, action));
        }
        addNotVisible(reasons, facts, action);
        addRefused(reasons, facts, action);
        addSyncInProgress(reasons, facts, action);
        // A first import writes to the job's project; with no synced job JOB_NOT_SYNCED explains it.
        addPermissionReason(reasons, facts, caller, companyId, facts.jobProjectId(), action);
        return List.copyOf(reasons);
    }

    private static void addErpAndJobReasons(List<Reason> reasons, ContractFacts facts, Action action) {
        if (facts.deleted()) {
            reasons.add(new Reason(ReasonCode.CONTRACT_DELETED_IN_ERP,
                    "Contract " + facts.contractId() + " was deleted in Spectrum, so it cannot be " + action.participle
                            + ". If the deletion was a mistake, restore the contract in Spectrum; it becomes"
                            + " available again once Spectrum sends it."));
        }
        if (facts.status() != ContractStatus.APPROVED) {
            reasons.add(new Reason(ReasonCode.CONTRACT_UNAPPROVED,
                    "Contract " + facts.contractId() + " is not approved in Spectrum. Approve it in Spectrum, then "
                            + action.verb + " it."));
        }
        if (facts.jobProjectId() == null) {
            reasons.add(new Reason(ReasonCode.JOB_NOT_SYNCED,
                    "Job " + facts.jobNumber() + " of contract " + facts.contractId()
                            + " is not synced to a Procore project. Sync job " + facts.jobNumber()
                            + " to its project in Procore's ERP Integrations tool, then " + action.verb
                            + " the contract.",
                    details("jobNumber", facts.jobNumber())));
        }
    }

    private static void addMultipleLinksReason(List<Reason> reasons, ContractFacts facts, Action action) {
        List<String> linked = facts.linkedProjectIds();
        if (linked.size() < 2) {
            return;
        }
        String hint = facts.jobProjectId() != null && linked.contains(facts.jobProjectId())
                ? " (job " + facts.jobNumber() + " is synced to " + facts.project(facts.jobProjectId()).label() + ")"
                : "";
        List<ProjectName> projects = linked.stream().map(facts::project).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("projectIds", linked);
        details.put("projects", projects);
        reasons.add(new Reason(ReasonCode.LINKED_TO_MULTIPLE_PROJECTS,
                "Contract " + facts.contractId() + " is linked to " + linked.size() + " Procore projects ("
                        + String.join("; ", projects.stream().map(ProjectName::label).toList())
                        + "), but a contract belongs to exactly one project. In Procore,"
                        + " unlink it from every project except the one it belongs to" + hint + ", then "
                        + action.verb + " it.",
                Collections.unmodifiableMap(details)));
    }

    private static void addSyncInProgress(List<Reason> reasons, ContractFacts facts, Action action) {
        if (facts.activeSyncId() != null) {
            reasons.add(new Reason(ReasonCode.SYNC_IN_PROGRESS,
                    "An import or re-import of contract " + facts.contractId() + " is still being written to Procore"
                            + " (sync " + facts.activeSyncId() + "). Wait until it has been applied or has failed, then "
                            + action.verb + " again if there is still something to bring over.",
                    details("syncId", facts.activeSyncId())));
        }
    }

    /**
     * The refusal of a first import whose project Procore does not show, asked at the import: the job is synced to a
     * project id that is another company's, or that the service account was not given (Procore answers 404 for both).
     */
    public static Reason projectNotInProcore(ContractFacts facts, String projectId) {
        return new Reason(ReasonCode.PROJECT_NOT_IN_PROCORE,
                "Job " + facts.jobNumber() + " is synced to " + facts.project(projectId).label()
                        + ", but Procore does not show that project in this company to PrimeSync's service account:"
                        + " it is another company's, or the service account was not added to it. Add the service"
                        + " account to the project's Directory in Procore, or sync job " + facts.jobNumber() + " to"
                        + " the project it belongs to, then import the contract.",
                details("projectId", projectId));
    }

    private static Reason notImported(ContractFacts facts) {
        return new Reason(ReasonCode.NOT_IMPORTED,
                "Contract " + facts.contractId() + " has never been imported into a Procore project, so there is"
                        + " nothing to re-import. Import it first; later changes made in Spectrum can then be"
                        + " re-imported.");
    }

    private static Reason alreadyImported(ContractFacts facts) {
        List<String> linked = facts.linkedProjectIds();
        String where = linked.isEmpty() ? "into Procore"
                : "into " + String.join("; ", linked.stream().map(id -> facts.project(id).label()).toList());
        return new Reason(ReasonCode.ALREADY_IMPORTED,
                "Contract " + facts.contractId() + " was already imported " + where
                        + ". Use Re-import to bring over the changes made in Spectrum since then.",
                details("projectIds", linked));
    }

    private static Reason notLinked(ContractFacts facts) {
        String hint = facts.jobProjectId() == null ? ""
                : " (job " + facts.jobNumber() + " is synced to " + facts.project(facts.jobProjectId()).label() + ")";
        return new Reason(ReasonCode.NOT_LINKED_TO_PROJECT,
                "Contract " + facts.contractId() + " is not linked to any Procore project. In Procore, link it to"
                        + " the one project it belongs to" + hint + ", then re-import it.",
                details("projectIds", List.of()));
    }

    private static Reason noUnsyncedChanges(ContractFacts facts) {
        Long synced = facts.syncedErpVersion();
        String held = synced == null ? "Procore already holds the contract as it is in Spectrum"
                : "Procore already holds Spectrum version " + synced;
        return new Reason(ReasonCode.NO_UNSYNCED_CHANGES,
                "Contract " + facts.contractId() + " has nothing to re-import: " + held
                        + ", and no line item was added, changed or removed in Spectrum since then. Make the change"
                        + " in Spectrum first; it can be re-imported once Spectrum sends it.",
                details("syncedErpVersion", synced));
    }

    private static Reason approvedChangeOrders(ContractFacts facts) {
        List<ChangeOrderName> orders = facts.approvedChangeOrders();
        String where = inTargetProject(facts);
        String count = orders.size() == 1 ? "1 approved change order: " : orders.size() + " approved change orders: ";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pccoIds", facts.approvedPccoIds());
        details.put("changeOrders", orders);
        return new Reason(ReasonCode.APPROVED_CHANGE_ORDERS,
                "Contract " + facts.contractId() + "'s prime contract" + where + " has " + count
                        + String.join(", ", orders.stream().map(ChangeOrderName::label).toList())
                        + ". Re-importing would overwrite the changes they made to the contract. In Procore, take"
                        + " them out of Approved status (for example back to Pending), then re-import.",
                Collections.unmodifiableMap(details));
    }

    /**
     * Procore keeps the lines of a prime contract out of Draft locked, and the company chose not to let a re-import
     * unlock it (docs/procore.md, "Procore's locks").
     */
    private static Reason sovLocked(ContractFacts facts) {
        String where = inTargetProject(facts);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("procoreStatus", facts.procoreStatus());
        details.put("setting", SovLockSetting.NAME);
        details.put("policy", SovLockSetting.REFUSE);
        details.put("alwaysEditable", facts.alwaysEditableSov());
        if (facts.alwaysEditableSov()) {
            int deletes = pending(facts).removed();
            details.put("linesDeleted", deletes);
            return new Reason(ReasonCode.PROCORE_SOV_LOCKED,
                    "Contract " + facts.contractId() + "'s prime contract" + where + " is " + facts.procoreStatus()
                            + " in Procore, where its schedule of values is always editable but no line may be"
                            + " deleted, and this re-import removes " + deletes + (deletes == 1 ? " line" : " lines")
                            + ". " + SovLockSetting.KEPT + " In Procore, set the prime contract back to Draft, then"
                            + " re-import; or ask your administrator to set " + SovLockSetting.NAME + " to "
                            + SovLockSetting.UNLOCK + ", so that a re-import sets it to Draft and back itself.",
                    Collections.unmodifiableMap(details));
        }
        return new Reason(ReasonCode.PROCORE_SOV_LOCKED,
                "Contract " + facts.contractId() + "'s prime contract" + where + " is " + facts.procoreStatus()
                        + " in Procore, and Procore lets its line items change only in Draft. " + SovLockSetting.KEPT
                        + " In Procore, set the prime contract back to Draft, then re-import (the sync leaves it"
                        + " in Draft); or ask your administrator to set " + SovLockSetting.NAME + " to "
                        + SovLockSetting.UNLOCK + ", so that a re-import sets it to Draft and back itself.",
                Collections.unmodifiableMap(details));
    }

    /**
     * What of the contract's project side the service account cannot see: unknown, so neither "nothing approved" nor
     * "gone" can be told, and nothing is written until Procore shows it again. One reason, naming each thing unseen.
     */
    private static void addNotVisible(List<Reason> reasons, ContractFacts facts, Action action) {
        if (facts.notVisible().isEmpty()) {
            return;
        }
        List<Map<String, Object>> unseen = new ArrayList<>();
        StringBuilder words = new StringBuilder();
        for (NotVisible n : facts.notVisible()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("what", n.what());
            d.put("projectId", n.projectId());
            if (n.primeContractId() != null) {
                d.put("primeContractId", n.primeContractId());
            }
            d.put("why", n.why());
            d.put("since", n.since());
            d.put("need", n.need());
            unseen.add(Collections.unmodifiableMap(d));
            String thing = switch (n.what()) {
                case NotVisible.PROJECT -> facts.project(n.projectId()).label();
                case NotVisible.CHANGE_ORDERS -> "the change orders of " + facts.project(n.projectId()).label();
                case NotVisible.PRIME_CONTRACTS -> "the prime contracts of " + facts.project(n.projectId()).label();
                default -> "prime contract " + n.primeContractId() + " in " + facts.project(n.projectId()).label();
            };
            words.append(words.length() == 0 ? "" : "; ").append(thing).append(" (Procore answered ").append(n.why())
                    .append(" since ").append(n.since()).append("): ").append(n.need());
        }
        reasons.add(new Reason(ReasonCode.PROCORE_NOT_VISIBLE,
                "PrimeSync's service account cannot see part of contract " + facts.contractId() + "'s project side in"
                        + " Procore, so what is there is unknown and the contract cannot be " + action.participle
                        + " until it can: " + words + ". Nothing was unlinked; once access is given back, the next"
                        + " reconciliation reads it again.",
                details("notVisible", List.copyOf(unseen))));
    }

    /**
     * The ERP's newest version of the contract, refused at the door: what Spectrum sent breaks the contract rules, and
     * nothing of it is brought over until a corrected version comes. What was accepted before stays as it was.
     */
    private static void addRefused(List<Reason> reasons, ContractFacts facts, Action action) {
        RefusedSnapshot r = facts.erpRefused();
        if (r == null) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("erpVersion", r.erpVersion());
        details.put("eventId", r.eventId());
        details.put("refusedAt", r.refusedAt());
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Violation v : r.problems()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("field", v.field());
            p.put("message", v.message());
            problems.add(Collections.unmodifiableMap(p));
        }
        details.put("problems", List.copyOf(problems));
        details.put("problemCount", r.problemCount());
        String first = r.problems().isEmpty() ? "" : " (" + r.problems().get(0).field() + ": "
                + r.problems().get(0).message() + (r.problemCount() > 1 ? "; and " + (r.problemCount() - 1) + " more" : "")
                + ")";
        String kept = facts.erpVersion() > 0 ? " Version " + facts.erpVersion() + ", accepted before, stays as it is."
                : " No version of it was accepted yet.";
        reasons.add(new Reason(ReasonCode.ERP_SNAPSHOT_REFUSED,
                "Spectrum's newest version of contract " + facts.contractId() + " (version " + r.erpVersion()
                        + ") was refused: it breaks " + r.problemCount() + " of the contract rules" + first + "."
                        + kept + " Fix the contract in Spectrum; once a corrected version arrives it can be "
                        + action.participle + ".",
                Collections.unmodifiableMap(details)));
    }

    /** Lines of the prime contract that another integration wrote, which a re-import never overwrites nor removes. */
    private static Reason contractOwnedElsewhere(ContractFacts facts, Action action) {
        return new Reason(ReasonCode.PROCORE_CONTRACT_OWNED_ELSEWHERE,
                "A prime contract in Procore carries contract " + facts.contractId() + "'s id, but another integration"
                        + " wrote it (" + facts.procoreOwner() + "), so PrimeSync will not " + action.verb + " into it"
                        + " nor make a second one. Whoever runs that integration (or Procore's ERP Integrations tool)"
                        + " keeps this contract; to bring it over with PrimeSync instead, have that prime contract"
                        + " deleted or its origin cleared in Procore, then try again.",
                details("owner", facts.procoreOwner()));
    }

    private static Reason ownedElsewhere(ContractFacts facts) {
        int n = facts.procoreForeignLines();
        String where = inTargetProject(facts);
        return new Reason(ReasonCode.PROCORE_LINES_OWNED_ELSEWHERE,
                "Contract " + facts.contractId() + "'s prime contract" + where + " holds " + n + " line item"
                        + (n == 1 ? "" : "s") + " that another integration wrote (their origin ids are not this"
                        + " contract's). A re-import never overwrites or removes lines it did not write. Have them taken"
                        + " off this contract in Procore, by whoever runs that integration or by hand, then re-import.",
                details("foreignLines", n));
    }

    private static void addPermissionReason(List<Reason> reasons, ContractFacts facts, Caller caller,
            String companyId, String projectId, Action action) {
        Level company = caller.companyLevel(companyId, Caller.ERP_INTEGRATIONS);
        Level project = caller.projectLevel(projectId, Caller.PRIME_CONTRACTS);
        boolean companyFails = !company.atLeast(action.companyLevelNeeded);
        boolean projectFails = projectId != null && !project.atLeast(Level.ADMIN);
        if (!companyFails && !projectFails) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (companyFails) {
            missing.add(action.companyLevelNeeded.label() + " on the ERP Integrations tool of company " + companyId
                    + " (you have " + company.label() + ")");
        }
        if (projectFails) {
            missing.add(Level.ADMIN.label() + " on the Prime Contracts tool of " + facts.project(projectId).label()
                    + " (you have " + project.label() + ")");
        }
        Map<String, Object> required = new LinkedHashMap<>();
        required.put(Caller.ERP_INTEGRATIONS, action.companyLevelNeeded.wire());
        required.put(Caller.PRIME_CONTRACTS, Level.ADMIN.wire());
        Map<String, Object> held = new LinkedHashMap<>();
        held.put(Caller.ERP_INTEGRATIONS, company.wire());
        held.put(Caller.PRIME_CONTRACTS, project.wire());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("required", Collections.unmodifiableMap(required));
        details.put("held", Collections.unmodifiableMap(held));
        details.put("projectId", projectId);
        reasons.add(new Reason(ReasonCode.MISSING_PERMISSION,
                "To " + action.verb + " contract " + facts.contractId() + " you need " + String.join(" and ", missing)
                        + ". Ask a Procore administrator of your company to grant it, then try again.",
                Collections.unmodifiableMap(details)));
    }

    private static PendingChanges pending(ContractFacts facts) {
        return facts.pending() == null ? PendingChanges.NONE : facts.pending();
    }

    /** " in" the project a re-import writes to, as people know it; nothing when there is no single one. */
    private static String inTargetProject(ContractFacts facts) {
        return facts.targetProjectId() == null ? "" : " in " + facts.project(facts.targetProjectId()).label();
    }

    /** One-entry details; a LinkedHashMap because a value may be null (a contract never synced). */
    private static Map<String, Object> details(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return Collections.unmodifiableMap(map);
    }
}
