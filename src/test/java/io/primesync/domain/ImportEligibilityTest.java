package io.primesync.domain;

import static io.primesync.domain.Facts.COMPANY;
import static io.primesync.domain.Facts.CONTRACT;
import static io.primesync.domain.Facts.JOB;
import static io.primesync.domain.Facts.OTHER_PROJECT;
import static io.primesync.domain.Facts.PROJECT;
import static io.primesync.domain.Facts.caller;
import static io.primesync.domain.Facts.codes;
import static io.primesync.domain.Facts.only;
import static io.primesync.domain.ReimportEligibilityTest.assertMessagesReadable;
import static io.primesync.domain.ReimportEligibilityTest.permissionDetails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImportEligibilityTest {

    /** What a first import needs: Standard on the company tool, Admin on the project's. */
    private static final Caller IMPORTER = caller(Level.STANDARD, Level.ADMIN);

    private static List<Reason> importing(Facts facts) {
        return importing(facts, IMPORTER);
    }

    private static List<Reason> importing(Facts facts, Caller caller) {
        return Eligibility.forImport(facts.build(), caller, COMPANY);
    }

    @Test
    void importableContractHasNoReasons() {
        assertEquals(List.of(), importing(Facts.importable()));
    }

    @Test
    void anEmptyContractWithNothingPendingCanBeImported() {
        Facts f = Facts.importable();
        f.pending = PendingChanges.NONE;
        assertEquals(List.of(), importing(f));
    }

    @Test
    void reimportOnlyRulesDoNotApply() {
        Facts f = Facts.importable();
        f.pending = PendingChanges.NONE;
        f.linkedProjectIds = List.of();
        f.approvedChangeOrders = List.of(new ChangeOrderName("9001", "PCCO-001", "Owner upgrade"));
        assertEquals(List.of(), importing(f));
    }

    @Test
    void alreadyImported() {
        Facts f = Facts.importable();
        f.imported = true;
        f.linkedProjectIds = List.of(PROJECT);
        Reason r = only(importing(f), ReasonCode.ALREADY_IMPORTED);
        assertEquals(Map.of("projectIds", List.of(PROJECT)), r.details());
        assertTrue(r.message().contains("already imported into project 2002"), r.message());
        assertTrue(r.message().contains("Re-import"), r.message());
    }

    @Test
    void alreadyImportedButNoLongerLinked() {
        Facts f = Facts.importable();
        f.imported = true;
        Reason r = only(importing(f), ReasonCode.ALREADY_IMPORTED);
        assertEquals(Map.of("projectIds", List.of()), r.details());
        assertTrue(r.message().contains(CONTRACT + " was already imported into Procore."), r.message());
    }

    @Test
    void deletedInErp() {
        Facts f = Facts.importable();
        f.deleted = true;
        Reason r = only(importing(f), ReasonCode.CONTRACT_DELETED_IN_ERP);
        assertTrue(r.message().contains("cannot be imported"), r.message());
        assertTrue(r.message().contains(CONTRACT), r.message());
    }

    @Test
    void unapprovedInErp() {
        Facts f = Facts.importable();
        f.status = ContractStatus.UNAPPROVED;
        Reason r = only(importing(f), ReasonCode.CONTRACT_UNAPPROVED);
        assertEquals("Contract PC-100 is not approved in Spectrum. Approve it in Spectrum, then import it.",
                r.message());
    }

    @Test
    void jobNotSyncedIsTheOnlyReasonEvenWithoutProjectPermission() {
        Facts f = Facts.importable();
        f.jobProjectId = null;
        Reason r = only(importing(f, caller(Level.STANDARD, Level.NONE)), ReasonCode.JOB_NOT_SYNCED);
        assertEquals(Map.of("jobNumber", JOB), r.details());
        assertTrue(r.message().contains("Sync job " + JOB), r.message());
        assertTrue(r.message().contains("then import the contract"), r.message());
    }

    @Test
    void jobNotSyncedStillReportsAMissingCompanyPermission() {
        Facts f = Facts.importable();
        f.jobProjectId = null;
        List<Reason> reasons = importing(f, caller(Level.READ_ONLY, Level.NONE));
        assertEquals(List.of(ReasonCode.JOB_NOT_SYNCED, ReasonCode.MISSING_PERMISSION), codes(reasons));
        assertEquals(permissionDetails("standard", "read_only", "none", null), reasons.get(1).details());
    }

    @Test
    void linkedToTwoProjects() {
        Facts f = Facts.importable();
        f.linkedProjectIds = List.of(PROJECT, OTHER_PROJECT);
        Reason r = only(importing(f), ReasonCode.LINKED_TO_MULTIPLE_PROJECTS);
        assertEquals(List.of(PROJECT, OTHER_PROJECT), ((Map<?, ?>) r.details()).get("projectIds"));
        assertTrue(r.message().contains("(project 2002; project 2003)"), r.message());
        assertTrue(r.message().endsWith("then import it."), r.message());
    }

    @Test
    void missingPermission() {
        Reason r = only(importing(Facts.importable(), caller(Level.READ_ONLY, Level.ADMIN)),
                ReasonCode.MISSING_PERMISSION);
        assertEquals(permissionDetails("standard", "read_only", "admin", PROJECT), r.details());
        assertEquals("To import contract PC-100 you need Standard on the ERP Integrations tool of company 1001"
                + " (you have Read Only). Ask a Procore administrator of your company to grant it, then try again.",
                r.message());
    }

    @Test
    void projectPermissionIsCheckedOnTheJobsProject() {
        Facts f = Facts.importable();
        f.jobProjectId = "2005";
        Reason r = only(importing(f, caller(Level.ADMIN, PROJECT, Level.ADMIN)), ReasonCode.MISSING_PERMISSION);
        assertEquals(permissionDetails("standard", "admin", "none", "2005"), r.details());
        assertTrue(r.message().contains("Admin on the Prime Contracts tool of project 2005 (you have None)"),
                r.message());
    }

    @ParameterizedTest(name = "company {0}, project {1}")
    @MethodSource("io.primesync.domain.ReimportEligibilityTest#permissionMatrix")
    void importNeedsStandardOnCompanyAndAdminOnProject(Level company, Level project) {
        List<Reason> reasons = importing(Facts.importable(), caller(company, project));
        boolean companyOk = company == Level.STANDARD || company == Level.ADMIN;
        boolean projectOk = project == Level.ADMIN;
        if (companyOk && projectOk) {
            assertEquals(List.of(), reasons);
            return;
        }
        Reason r = only(reasons, ReasonCode.MISSING_PERMISSION);
        assertEquals(permissionDetails("standard", company.wire(), project.wire(), PROJECT), r.details());
        assertEquals(!companyOk, r.message().contains("Standard on the ERP Integrations tool"), r.message());
        assertEquals(!projectOk, r.message().contains("Admin on the Prime Contracts tool of project 2002"),
                r.message());
    }

    @Test
    void everyImportRuleBrokenAtOnce() {
        Facts f = Facts.importable();
        f.imported = true;
        f.deleted = true;
        f.status = ContractStatus.UNAPPROVED;
        f.jobProjectId = null;
        f.linkedProjectIds = List.of(PROJECT, OTHER_PROJECT);
        f.pending = PendingChanges.NONE;
        f.approvedChangeOrders = List.of(new ChangeOrderName("9001", "PCCO-001", "Owner upgrade"));
        List<Reason> reasons = importing(f, caller(Level.NONE, Level.NONE));
        assertEquals(List.of(
                ReasonCode.ALREADY_IMPORTED,
                ReasonCode.CONTRACT_DELETED_IN_ERP,
                ReasonCode.CONTRACT_UNAPPROVED,
                ReasonCode.JOB_NOT_SYNCED,
                ReasonCode.LINKED_TO_MULTIPLE_PROJECTS,
                ReasonCode.MISSING_PERMISSION), codes(reasons));
        assertEquals(List.of(PROJECT, OTHER_PROJECT), ((Map<?, ?>) reasons.get(0).details()).get("projectIds"));
        assertMessagesReadable(reasons);
    }
}
