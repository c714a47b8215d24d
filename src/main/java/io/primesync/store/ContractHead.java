package io.primesync.store;

import io.primesync.domain.ChangeOrderName;
import io.primesync.domain.ContractFacts;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.NotVisible;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.RefusedSnapshot;
import io.primesync.domain.ProcoreLines;
import io.primesync.domain.ProjectName;
import io.primesync.domain.Sync;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The head item of a contract: the current ERP snapshot's summary, the synced state, the sync being written (if any),
 * the project-side links and change orders, and the revision that guards every change of the synced state.
 *
 * @param erpVersion the version of the current ERP content (0 when only a deletion is known)
 * @param current the line set of the current ERP content
 * @param synced the line set Procore holds since the last applied sync, null when never imported
 * @param procorePrimeContractId the Procore prime contract the product writes to, once known
 * @param active the sync accepted and not yet finished, or null; only one at a time
 * @param lastSync the newest sync (active or finished), kept on the head from the moment it is accepted
 * @param lastSyncRev the revision the head reached when that sync was accepted (the order of history)
 * @param procoreLines Procore's line items as last read where they differ from what was synced (someone changed them
 *     in Procore, and a re-import brings them back), and how many another integration wrote (a re-import never
 *     touches them, so it waits until they are gone)
 * @param procoreOwner who wrote the prime contract carrying the contract's id, when another integration did, as last
 *     read; null otherwise
 * @param procoreStatus the status of the prime contract the product writes, as Procore last said (null: not read)
 * @param procoreNotVisible the contract's prime contract when the service account could not see it at the last read
 *     (hidden from it, or deleted without Procore saying so); null when it could
 * @param erpRefused the ERP's newest version when it was refused at the door (above every version accepted); null
 *     otherwise. A contract known by a refusal alone has no ERP content ({@code erpVersion} 0) and is named by it.
 */
public record ContractHead(
        String companyId,
        String contractId,
        String jobNumber,
        String title,
        ContractStatus status,
        boolean deleted,
        long erpVersion,
        BigDecimal erpAmount,
        BigDecimal retainagePercent,
        LineSetRef current,
        Long syncedErpVersion,
        LineSetRef synced,
        BigDecimal contractAmount,
        Instant lastSyncedAt,
        String procorePrimeContractId,
        PendingChanges pending,
        List<String> linkedProjectIds,
        List<ChangeOrderName> approvedChangeOrders,
        ActiveSync active,
        Sync lastSync,
        long lastSyncRev,
        ProcoreLines procoreLines,
        String procoreOwner,
        String procoreStatus,
        NotVisible procoreNotVisible,
        RefusedSnapshot erpRefused,
        long rev) {

    /** The sync being written: its record, the revision it was accepted at, and the line set it brings Procore to. */
    public record ActiveSync(Sync sync, long revision, LineSetRef target) {}

    public ContractHead {
        linkedProjectIds = List.copyOf(linkedProjectIds);
        approvedChangeOrders = List.copyOf(approvedChangeOrders);
        procoreLines = procoreLines == null ? ProcoreLines.NONE : procoreLines;
    }

    /**
     * An unseen prime contract counts while it is the one a linked project's link names ({@code linkedTo}: project to
     * prime contract): one Procore later said was deleted, or that left the project, is no longer the contract's.
     */
    public static NotVisible linkedPrimeContract(NotVisible unseen, Map<String, String> linkedTo) {
        return unseen != null && unseen.primeContractId() != null
                && unseen.primeContractId().equals(linkedTo.get(unseen.projectId())) ? unseen : null;
    }

    /** How many of Procore's line items differ from what was synced, as last read (0: none). */
    public int procoreDriftLines() {
        return procoreLines.differing();
    }

    /** How many of Procore's line items another integration wrote, as last read. */
    public int procoreForeignLines() {
        return procoreLines.foreign();
    }

    /** What Procore holds, as last read: the sum of its line items, or what the last sync wrote; null before any. */
    public BigDecimal procoreAmount() {
        return procoreLines.amount() != null ? procoreLines.amount() : contractAmount;
    }

    /** Whether the head names this line set: as the ERP's current lines, what Procore holds, or an active sync's target. */
    public boolean names(String setId) {
        return current != null && setId.equals(current.setId()) || synced != null && setId.equals(synced.setId())
                || active != null && setId.equals(active.target().setId());
    }

    public List<String> approvedPccoIds() {
        return approvedChangeOrders.stream().map(ChangeOrderName::id).toList();
    }

    public boolean imported() {
        return syncedErpVersion != null;
    }

    /**
     * A head exists for any contract some event named; one with ERP content, or whose newest snapshot was refused, is a
     * contract users see.
     */
    public boolean known() {
        return erpVersion > 0 || erpRefused != null;
    }

    /**
     * The facts the rules look at. A job that is the origin of several Procore projects puts the contract in all of
     * them: they count among its links (rule 3 of docs/domain.md: exactly one project).
     */
    public ContractFacts facts(List<String> jobProjectIds, PendingChanges pendingChanges,
            Map<String, ProjectName> projectNames) {
        TreeSet<String> links = new TreeSet<>(ContractHead::byId);
        links.addAll(linkedProjectIds);
        if (jobProjectIds.size() > 1) {
            links.addAll(jobProjectIds);
        }
        return new ContractFacts(contractId, jobNumber, erpVersion, syncedErpVersion, imported(), deleted, status,
                jobProjectIds.isEmpty() ? null : jobProjectIds.get(0), List.copyOf(links), pendingChanges,
                approvedChangeOrders, active == null ? null : active.sync().syncId(), procoreDriftLines(),
                procoreForeignLines(), procoreOwner, projectNames, procoreStatus, true, false,
                notVisible(jobProjectIds, projectNames), erpRefused);
    }

    /**
     * What of the contract's project side the service account could not see: its projects (the job's and the linked
     * ones), their prime contracts and change orders, and its own prime contract.
     */
    private List<NotVisible> notVisible(List<String> jobProjectIds, Map<String, ProjectName> projectNames) {
        List<NotVisible> out = new java.util.ArrayList<>();
        for (String projectId : projectIds(jobProjectIds)) {
            ProjectName p = projectNames.get(projectId);
            if (p != null) {
                out.addAll(p.notVisible());
            }
        }
        if (procoreNotVisible != null) {
            out.add(procoreNotVisible);
        }
        return out;
    }

    /**
     * The facts as the head alone knows them: the pending changes are the ERP's against the synced lines, with each line
     * added in Procore since (as last read) among the removals, as the plan has them.
     */
    public ContractFacts facts(List<String> jobProjectIds, Map<String, ProjectName> projectNames) {
        int addedInProcore = (int) procoreLines.edits().stream()
                .filter(e -> e.kind() == ProcoreLines.Kind.ADDED).count();
        return facts(jobProjectIds, new PendingChanges(pending.added(), pending.changed(),
                pending.removed() + addedInProcore), projectNames);
    }

    /** The projects the facts name: every linked one, and the job's. */
    public Set<String> projectIds(List<String> jobProjectIds) {
        Set<String> ids = new TreeSet<>(linkedProjectIds);
        ids.addAll(jobProjectIds);
        return ids;
    }

    /** Procore ids are numbers: sorted as numbers, others after them. */
    private static int byId(String a, String b) {
        boolean na = a.matches("[0-9]{1,18}");
        boolean nb = b.matches("[0-9]{1,18}");
        if (na && nb) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
    }
}
