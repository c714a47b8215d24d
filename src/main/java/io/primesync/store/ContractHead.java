package io.primesync.store;

import io.primesync.domain.ContractFacts;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.SyncRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The head item of a contract: the current ERP snapshot's summary, the synced state, the project-side links
 * and change orders, and the revision that guards every change of the synced state.
 *
 * @param erpVersion the version of the current ERP content (0 when only a deletion is known)
 * @param current the line set of the current ERP content
 * @param synced the line set the project holds, null when never imported
 * @param lastSync the newest import or re-import, kept on the head from the moment it commits
 * @param lastSyncRev the revision the head reached with that commit (the order of history)
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
        PendingChanges pending,
        List<String> linkedProjectIds,
        List<String> approvedPccoIds,
        SyncRecord lastSync,
        long lastSyncRev,
        long rev) {

    public ContractHead {
        linkedProjectIds = List.copyOf(linkedProjectIds);
        approvedPccoIds = List.copyOf(approvedPccoIds);
    }

    public boolean imported() {
        return syncedErpVersion != null;
    }

    /** A head exists for any contract some event named; only one with ERP content is a contract users see. */
    public boolean known() {
        return erpVersion > 0;
    }

    public ContractFacts facts(String jobProjectId, PendingChanges pendingChanges) {
        return new ContractFacts(contractId, jobNumber, erpVersion, syncedErpVersion, imported(), deleted, status,
                jobProjectId, linkedProjectIds, pendingChanges, approvedPccoIds);
    }

    public ContractFacts facts(String jobProjectId) {
        return facts(jobProjectId, pending);
    }
}
