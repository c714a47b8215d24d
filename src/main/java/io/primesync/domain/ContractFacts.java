package io.primesync.domain;

import java.util.List;
import java.util.Map;

/**
 * Everything the import and re-import rules look at, gathered from both systems.
 *
 * @param imported whether the contract was imported into a project before
 * @param deleted whether the ERP deleted the contract
 * @param jobProjectId the project the contract's job is synced to, or null when the job is not synced
 * @param linkedProjectIds the projects the contract is linked to, sorted
 * @param pending what a re-import would change
 * @param approvedChangeOrders change orders in approved status on the project side, sorted by id
 * @param activeSyncId the import or re-import still being written to Procore, or null
 * @param procoreDriftLines how many of Procore's line items differ from what was synced (changed in Procore), 0 when
 *     they match
 * @param procoreForeignLines how many of Procore's line items of the contract another integration wrote
 * @param projectNames the name and number of the projects above, where the product has read them
 * @param procoreStatus the status of the prime contract a re-import writes to, as Procore last said (null: not read)
 * @param unlocksSov whether the company lets a re-import set a locked prime contract to {@code Draft} and back
 *     (docs/procore.md, "Procore's locks"); when not, a contract out of {@code Draft} cannot be re-imported
 * @param procoreOwner who wrote the prime contract in Procore that carries the contract's id, when another integration
 *     did (its {@code origin_data}, and who created it where Procore says); null when it is the product's, or none
 * @param alwaysEditableSov whether the project has Procore's "Enable Always Editable Schedule of Values" on: a contract
 *     out of {@code Draft} may then be written as it is, so long as no line is deleted
 * @param notVisible what of the contract's projects, prime contract or change orders the service account could not see
 *     at the last read: the project side is unknown there
 * @param erpRefused the ERP's newest version, refused at the door, when no later one was accepted; null otherwise
 */
public record ContractFacts(
        String contractId,
        String jobNumber,
        long erpVersion,
        Long syncedErpVersion,
        boolean imported,
        boolean deleted,
        ContractStatus status,
        String jobProjectId,
        List<String> linkedProjectIds,
        PendingChanges pending,
        List<ChangeOrderName> approvedChangeOrders,
        String activeSyncId,
        int procoreDriftLines,
        int procoreForeignLines,
        String procoreOwner,
        Map<String, ProjectName> projectNames,
        String procoreStatus,
        boolean unlocksSov,
        boolean alwaysEditableSov,
        List<NotVisible> notVisible,
        RefusedSnapshot erpRefused) {

    /** The one status in which Procore lets a prime contract's schedule of values change. */
    public static final String DRAFT = "Draft";

    public ContractFacts {
        linkedProjectIds = List.copyOf(linkedProjectIds);
        approvedChangeOrders = List.copyOf(approvedChangeOrders);
        projectNames = Map.copyOf(projectNames);
        notVisible = notVisible == null ? List.of() : List.copyOf(notVisible);
    }

    /** The facts of a project side the service account sees whole. */
    public ContractFacts(String contractId, String jobNumber, long erpVersion, Long syncedErpVersion, boolean imported,
            boolean deleted, ContractStatus status, String jobProjectId, List<String> linkedProjectIds,
            PendingChanges pending, List<ChangeOrderName> approvedChangeOrders, String activeSyncId,
            int procoreDriftLines, int procoreForeignLines, String procoreOwner, Map<String, ProjectName> projectNames,
            String procoreStatus, boolean unlocksSov, boolean alwaysEditableSov) {
        this(contractId, jobNumber, erpVersion, syncedErpVersion, imported, deleted, status, jobProjectId,
                linkedProjectIds, pending, approvedChangeOrders, activeSyncId, procoreDriftLines, procoreForeignLines,
                procoreOwner, projectNames, procoreStatus, unlocksSov, alwaysEditableSov, List.of(), null);
    }

    /** The facts of a contract whose ERP side was accepted as sent. */
    public ContractFacts(String contractId, String jobNumber, long erpVersion, Long syncedErpVersion, boolean imported,
            boolean deleted, ContractStatus status, String jobProjectId, List<String> linkedProjectIds,
            PendingChanges pending, List<ChangeOrderName> approvedChangeOrders, String activeSyncId,
            int procoreDriftLines, int procoreForeignLines, String procoreOwner, Map<String, ProjectName> projectNames,
            String procoreStatus, boolean unlocksSov, boolean alwaysEditableSov, List<NotVisible> notVisible) {
        this(contractId, jobNumber, erpVersion, syncedErpVersion, imported, deleted, status, jobProjectId,
                linkedProjectIds, pending, approvedChangeOrders, activeSyncId, procoreDriftLines, procoreForeignLines,
                procoreOwner, projectNames, procoreStatus, unlocksSov, alwaysEditableSov, notVisible, null);
    }

    /** The same facts under a company's choices about Procore's lock, for the project a re-import writes to. */
    public ContractFacts withSovRules(boolean unlocks, boolean alwaysEditable) {
        return new ContractFacts(contractId, jobNumber, erpVersion, syncedErpVersion, imported, deleted, status,
                jobProjectId, linkedProjectIds, pending, approvedChangeOrders, activeSyncId, procoreDriftLines,
                procoreForeignLines, procoreOwner, projectNames, procoreStatus, unlocks, alwaysEditable, notVisible,
                erpRefused);
    }

    /** Whether Procore, as last read, keeps the contract's lines locked (out of Draft), so the company's choice counts. */
    public boolean sovLocked() {
        return procoreStatus != null && !DRAFT.equalsIgnoreCase(procoreStatus);
    }

    public List<String> approvedPccoIds() {
        return approvedChangeOrders.stream().map(ChangeOrderName::id).toList();
    }

    /** The project as people know it, or by its id while its name is not known. */
    public ProjectName project(String projectId) {
        return projectNames.getOrDefault(projectId, ProjectName.unknown(projectId));
    }

    /**
     * The project a re-import writes to: the one linked project; before the first import, the job's project.
     * Null when there is no single answer.
     */
    public String targetProjectId() {
        if (linkedProjectIds.size() == 1) {
            return linkedProjectIds.get(0);
        }
        if (linkedProjectIds.isEmpty()) {
            return jobProjectId;
        }
        return null;
    }
}
