package io.primesync.domain;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/** Test fixtures: a contract that passes every rule, changed one fact at a time. */
final class Facts {
    static final String COMPANY = "1001";
    static final String PROJECT = "2002";
    static final String OTHER_PROJECT = "2003";
    static final String CONTRACT = "PC-100";
    static final String JOB = "J-2001";

    String contractId = CONTRACT;
    String jobNumber = JOB;
    long erpVersion = 7;
    Long syncedErpVersion = 5L;
    boolean imported = true;
    boolean deleted = false;
    ContractStatus status = ContractStatus.APPROVED;
    String jobProjectId = PROJECT;
    List<String> linkedProjectIds = List.of(PROJECT);
    PendingChanges pending = new PendingChanges(1, 2, 0);
    List<ChangeOrderName> approvedChangeOrders = List.of();
    Map<String, ProjectName> projectNames = Map.of();

    /** Imported into PROJECT, linked to it alone, with unsynced changes and no approved change order. */
    static Facts reimportable() {
        return new Facts();
    }

    /** Known from the ERP, never imported, its job synced to PROJECT, not linked yet. */
    static Facts importable() {
        Facts f = new Facts();
        f.imported = false;
        f.syncedErpVersion = null;
        f.linkedProjectIds = List.of();
        f.pending = new PendingChanges(3, 0, 0);
        return f;
    }

    String activeSyncId;
    int procoreDriftLines;
    int procoreForeignLines;
    String procoreStatus = "Approved";
    boolean unlocksSov = true;
    boolean alwaysEditableSov;
    String procoreOwner;
    List<NotVisible> notVisible = List.of();
    RefusedSnapshot erpRefused;

    ContractFacts build() {
        return new ContractFacts(contractId, jobNumber, erpVersion, syncedErpVersion, imported, deleted, status,
                jobProjectId, linkedProjectIds, pending, approvedChangeOrders, activeSyncId, procoreDriftLines,
                procoreForeignLines, procoreOwner, projectNames, procoreStatus, unlocksSov, alwaysEditableSov,
                notVisible, erpRefused);
    }

    static Caller caller(Level company, Level project) {
        return caller(company, PROJECT, project);
    }

    static Caller caller(Level company, String projectId, Level project) {
        return new Caller("user-7",
                Map.of(COMPANY, Map.of(Caller.ERP_INTEGRATIONS, company)),
                Map.of(projectId, Map.of(Caller.PRIME_CONTRACTS, project)));
    }

    static Caller admin() {
        return caller(Level.ADMIN, Level.ADMIN);
    }

    static List<ReasonCode> codes(List<Reason> reasons) {
        return reasons.stream().map(Reason::code).toList();
    }

    static Reason only(List<Reason> reasons, ReasonCode code) {
        Assertions.assertEquals(List.of(code), codes(reasons), () -> "reasons: " + reasons);
        return reasons.get(0);
    }
}
