package io.primesync.domain;

import static io.primesync.domain.Facts.COMPANY;
import static io.primesync.domain.Facts.CONTRACT;
import static io.primesync.domain.Facts.JOB;
import static io.primesync.domain.Facts.OTHER_PROJECT;
import static io.primesync.domain.Facts.PROJECT;
import static io.primesync.domain.Facts.admin;
import static io.primesync.domain.Facts.caller;
import static io.primesync.domain.Facts.codes;
import static io.primesync.domain.Facts.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReimportEligibilityTest {

    private static List<Reason> reimport(Facts facts) {
        return reimport(facts, admin());
    }

    private static List<Reason> reimport(Facts facts, Caller caller) {
        return Eligibility.forReimport(facts.build(), caller, COMPANY);
    }

    @Test
    void eligibleContractHasNoReasons() {
        assertEquals(List.of(), reimport(Facts.reimportable()));
    }

    @Test
    void neverImported() {
        Facts f = Facts.reimportable();
        f.imported = false;
        f.syncedErpVersion = null;
        Reason r = only(reimport(f), ReasonCode.NOT_IMPORTED);
        assertTrue(r.message().contains(CONTRACT), r.message());
        assertTrue(r.message().contains("Import it first"), r.message());
        assertNull(r.details());
    }

    @Test
    void deletedInErp() {
        Facts f = Facts.reimportable();
        f.deleted = true;
        Reason r = only(reimport(f), ReasonCode.CONTRACT_DELETED_IN_ERP);
        assertTrue(r.message().contains(CONTRACT), r.message());
        assertTrue(r.message().contains("Spectrum"), r.message());
        assertTrue(r.message().contains("re-imported"), r.message());
    }

    @Test
    void unapprovedInErp() {
        Facts f = Facts.reimportable();
        f.status = ContractStatus.UNAPPROVED;
        Reason r = only(reimport(f), ReasonCode.CONTRACT_UNAPPROVED);
        assertEquals("Contract PC-100 is not approved in Spectrum. Approve it in Spectrum, then re-import it.",
                r.message());
    }

    @Test
    void missingStatusCountsAsUnapproved() {
        Facts f = Facts.reimportable();
        f.status = null;
        only(reimport(f), ReasonCode.CONTRACT_UNAPPROVED);
    }

    @Test
    void jobNotSynced() {
        Facts f = Facts.reimportable();
        f.jobProjectId = null;
        Reason r = only(reimport(f), ReasonCode.JOB_NOT_SYNCED);
        assertEquals(Map.of("jobNumber", JOB), r.details());
        assertTrue(r.message().contains("Job " + JOB), r.message());
        assertTrue(r.message().contains(CONTRACT), r.message());
        assertTrue(r.message().contains("Procore"), r.message());
    }

    @Test
    void importedButLinkedToNoProject() {
        Facts f = Facts.reimportable();
        f.linkedProjectIds = List.of();
        Reason r = only(reimport(f), ReasonCode.NOT_LINKED_TO_PROJECT);
        assertEquals(Map.of("projectIds", List.of()), r.details());
        assertTrue(r.message().contains(CONTRACT), r.message());
        assertTrue(r.message().contains("project " + PROJECT), "names the job's project: " + r.message());
    }

    @Test
    void linkedToTwoProjects() {
        Facts f = Facts.reimportable();
        f.linkedProjectIds = List.of(PROJECT, OTHER_PROJECT);
        ProjectName riverside = new ProjectName(PROJECT, "Riverside Tower", "24-101");
        f.projectNames = Map.of(PROJECT, riverside);
        Reason r = only(reimport(f), ReasonCode.LINKED_TO_MULTIPLE_PROJECTS);
        assertEquals(Map.of("projectIds", List.of(PROJECT, OTHER_PROJECT),
                "projects", List.of(riverside, ProjectName.unknown(OTHER_PROJECT))), r.details());
        assertTrue(r.message().contains("linked to 2 Procore projects (Riverside Tower (24-101, project 2002);"
                + " project 2003)"), "names people know, the id where no name is known yet: " + r.message());
        assertTrue(r.message().contains("unlink"), r.message());
        assertTrue(r.message().contains("synced to Riverside Tower (24-101, project 2002)"), r.message());
    }

    @Test
    void linkedToThreeProjectsNoneOfThemTheJobs() {
        Facts f = Facts.reimportable();
        f.linkedProjectIds = List.of("3001", "3002", "3003");
        Reason r = only(reimport(f), ReasonCode.LINKED_TO_MULTIPLE_PROJECTS);
        assertEquals(List.of("3001", "3002", "3003"), ((Map<?, ?>) r.details()).get("projectIds"));
        assertTrue(r.message().contains("linked to 3 Procore projects (project 3001; project 3002; project 3003)"),
                r.message());
        assertFalse(r.message().contains("synced to project"), r.message());
    }

    @Test
    void nothingNewSinceLastSync() {
        Facts f = Facts.reimportable();
        f.pending = PendingChanges.NONE;
        f.erpVersion = 5;
        Reason r = only(reimport(f), ReasonCode.NO_UNSYNCED_CHANGES);
        assertEquals(Map.of("syncedErpVersion", 5L), r.details());
        assertTrue(r.message().contains("version 5"), r.message());
        assertTrue(r.message().contains(CONTRACT), r.message());
        assertTrue(r.message().contains("Spectrum"), r.message());
    }

    @Test
    void nothingNewWithUnknownSyncedVersionKeepsANullDetail() {
        Facts f = Facts.reimportable();
        f.pending = PendingChanges.NONE;
        f.syncedErpVersion = null;
        Reason r = only(reimport(f), ReasonCode.NO_UNSYNCED_CHANGES);
        Map<?, ?> details = (Map<?, ?>) r.details();
        assertTrue(details.containsKey("syncedErpVersion"));
        assertNull(details.get("syncedErpVersion"));
        assertFalse(r.message().contains("null"), r.message());
    }

    @Test
    void onlyRemovalsStillCountAsSomethingNew() {
        Facts f = Facts.reimportable();
        f.pending = new PendingChanges(0, 0, 1);
        assertEquals(List.of(), reimport(f));
    }

    @Test
    void approvedChangeOrders() {
        Facts f = Facts.reimportable();
        ChangeOrderName first = new ChangeOrderName("9001", "PCCO-001", "Owner upgrade");
        ChangeOrderName second = new ChangeOrderName("9004", "PCCO-004", null);
        f.approvedChangeOrders = List.of(first, second);
        f.projectNames = Map.of(PROJECT, new ProjectName(PROJECT, "Riverside Tower", "24-101"));
        Reason r = only(reimport(f), ReasonCode.APPROVED_CHANGE_ORDERS);
        assertEquals(Map.of("pccoIds", List.of("9001", "9004"), "changeOrders", List.of(first, second)), r.details());
        assertTrue(r.message().contains("prime contract in Riverside Tower (24-101, project 2002)"), r.message());
        assertTrue(r.message().contains("2 approved change orders: PCCO-001 \"Owner upgrade\" (id 9001), PCCO-004"
                + " (id 9004)."), r.message());
        assertTrue(r.message().contains(CONTRACT), r.message());
    }

    @Test
    void oneApprovedChangeOrderIsSingular() {
        Facts f = Facts.reimportable();
        f.approvedChangeOrders = List.of(new ChangeOrderName("9009", null, null));
        Reason r = only(reimport(f), ReasonCode.APPROVED_CHANGE_ORDERS);
        assertTrue(r.message().contains("1 approved change order: change order 9009."), r.message());
        assertTrue(r.message().contains("prime contract in project 2002"), "a project not read yet, by its id: "
                + r.message());
    }

    @Test
    void missingPermission() {
        Reason r = only(reimport(Facts.reimportable(), caller(Level.STANDARD, Level.ADMIN)),
                ReasonCode.MISSING_PERMISSION);
        assertEquals(permissionDetails("admin", "standard", "admin", PROJECT), r.details());
        assertEquals("To re-import contract PC-100 you need Admin on the ERP Integrations tool of company 1001"
                + " (you have Standard). Ask a Procore administrator of your company to grant it, then try again.",
                r.message());
    }

    @Test
    void missingBothPermissionsNamesBoth() {
        Reason r = only(reimport(Facts.reimportable(), caller(Level.READ_ONLY, Level.STANDARD)),
                ReasonCode.MISSING_PERMISSION);
        assertEquals(permissionDetails("admin", "read_only", "standard", PROJECT), r.details());
        assertTrue(r.message().contains("Admin on the ERP Integrations tool of company 1001 (you have Read Only)"
                + " and Admin on the Prime Contracts tool of project 2002 (you have Standard)"), r.message());
    }

    @Test
    void permissionInAnotherCompanyOrProjectGrantsNothing() {
        Caller elsewhere = new Caller("user-7",
                Map.of("9999", Map.of(Caller.ERP_INTEGRATIONS, Level.ADMIN)),
                Map.of("9998", Map.of(Caller.PRIME_CONTRACTS, Level.ADMIN)));
        Reason r = only(reimport(Facts.reimportable(), elsewhere), ReasonCode.MISSING_PERMISSION);
        assertEquals(permissionDetails("admin", "none", "none", PROJECT), r.details());
    }

    @Test
    void noSingleTargetProjectAndCompanyAdminAddsNoPermissionReason() {
        Facts f = Facts.reimportable();
        f.linkedProjectIds = List.of(PROJECT, OTHER_PROJECT);
        Caller companyAdminOnly = caller(Level.ADMIN, "9998", Level.NONE);
        assertEquals(List.of(ReasonCode.LINKED_TO_MULTIPLE_PROJECTS), codes(reimport(f, companyAdminOnly)));
    }

    @Test
    void noSingleTargetProjectReportsOnlyTheCompanyPart() {
        Facts f = Facts.reimportable();
        f.linkedProjectIds = List.of(PROJECT, OTHER_PROJECT);
        List<Reason> reasons = reimport(f, caller(Level.STANDARD, Level.NONE));
        assertEquals(List.of(ReasonCode.LINKED_TO_MULTIPLE_PROJECTS, ReasonCode.MISSING_PERMISSION), codes(reasons));
        Reason r = reasons.get(1);
        assertEquals(permissionDetails("admin", "standard", "none", null), r.details());
        assertTrue(r.message().contains("ERP Integrations tool of company 1001"), r.message());
        assertFalse(r.message().contains("Prime Contracts"), r.message());
    }

    @Test
    void notLinkedChecksThePermissionOnTheJobsProject() {
        Facts f = Facts.reimportable();
        f.linkedProjectIds = List.of();
        f.jobProjectId = "2005";
        List<Reason> reasons = reimport(f, caller(Level.ADMIN, PROJECT, Level.ADMIN));
        assertEquals(List.of(ReasonCode.NOT_LINKED_TO_PROJECT, ReasonCode.MISSING_PERMISSION), codes(reasons));
        assertEquals(permissionDetails("admin", "admin", "none", "2005"), reasons.get(1).details());
    }

    static Stream<Arguments> permissionMatrix() {
        List<Arguments> rows = new ArrayList<>();
        for (Level company : Level.values()) {
            for (Level project : Level.values()) {
                rows.add(Arguments.of(company, project));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "company {0}, project {1}")
    @MethodSource("permissionMatrix")
    void reimportNeedsAdminOnBoth(Level company, Level project) {
        List<Reason> reasons = reimport(Facts.reimportable(), caller(company, project));
        boolean allowed = company == Level.ADMIN && project == Level.ADMIN;
        if (allowed) {
            assertEquals(List.of(), reasons);
            return;
        }
        Reason r = only(reasons, ReasonCode.MISSING_PERMISSION);
        assertEquals(permissionDetails("admin", company.wire(), project.wire(), PROJECT), r.details());
        assertEquals(company != Level.ADMIN, r.message().contains("ERP Integrations"), r.message());
        assertEquals(project != Level.ADMIN, r.message().contains("Prime Contracts tool of project 2002"),
                r.message());
    }

    @Test
    void neverImportedAndBrokenEverywhereElse() {
        Facts f = brokenEverywhere();
        f.imported = false;
        f.linkedProjectIds = List.of(PROJECT, OTHER_PROJECT);
        List<Reason> reasons = reimport(f, caller(Level.NONE, Level.NONE));
        assertEquals(List.of(
                ReasonCode.NOT_IMPORTED,
                ReasonCode.CONTRACT_DELETED_IN_ERP,
                ReasonCode.CONTRACT_UNAPPROVED,
                ReasonCode.JOB_NOT_SYNCED,
                ReasonCode.LINKED_TO_MULTIPLE_PROJECTS,
                ReasonCode.APPROVED_CHANGE_ORDERS,
                ReasonCode.PROCORE_CONTRACT_OWNED_ELSEWHERE,
                ReasonCode.PROCORE_NOT_VISIBLE,
                ReasonCode.ERP_SNAPSHOT_REFUSED,
                ReasonCode.SYNC_IN_PROGRESS,
                ReasonCode.MISSING_PERMISSION), codes(reasons));
        assertMessagesReadable(reasons);
    }

    @Test
    void importedLinkedNowhereAndBrokenEverywhereElse() {
        Facts f = brokenEverywhere();
        f.linkedProjectIds = List.of();
        List<Reason> reasons = reimport(f, caller(Level.NONE, Level.NONE));
        assertEquals(List.of(
                ReasonCode.CONTRACT_DELETED_IN_ERP,
                ReasonCode.CONTRACT_UNAPPROVED,
                ReasonCode.JOB_NOT_SYNCED,
                ReasonCode.NOT_LINKED_TO_PROJECT,
                ReasonCode.APPROVED_CHANGE_ORDERS,
                ReasonCode.PROCORE_SOV_LOCKED,
                ReasonCode.PROCORE_LINES_OWNED_ELSEWHERE,
                ReasonCode.PROCORE_CONTRACT_OWNED_ELSEWHERE,
                ReasonCode.PROCORE_NOT_VISIBLE,
                ReasonCode.ERP_SNAPSHOT_REFUSED,
                ReasonCode.SYNC_IN_PROGRESS,
                ReasonCode.MISSING_PERMISSION), codes(reasons));
        assertMessagesReadable(reasons);
    }

    @Test
    void importedLinkedTwiceAndBrokenEverywhereElse() {
        Facts f = brokenEverywhere();
        f.linkedProjectIds = List.of(PROJECT, OTHER_PROJECT);
        List<Reason> reasons = reimport(f, caller(Level.NONE, Level.NONE));
        assertEquals(List.of(
                ReasonCode.CONTRACT_DELETED_IN_ERP,
                ReasonCode.CONTRACT_UNAPPROVED,
                ReasonCode.JOB_NOT_SYNCED,
                ReasonCode.LINKED_TO_MULTIPLE_PROJECTS,
                ReasonCode.APPROVED_CHANGE_ORDERS,
                ReasonCode.PROCORE_SOV_LOCKED,
                ReasonCode.PROCORE_LINES_OWNED_ELSEWHERE,
                ReasonCode.PROCORE_CONTRACT_OWNED_ELSEWHERE,
                ReasonCode.PROCORE_NOT_VISIBLE,
                ReasonCode.ERP_SNAPSHOT_REFUSED,
                ReasonCode.SYNC_IN_PROGRESS,
                ReasonCode.MISSING_PERMISSION), codes(reasons));
        assertMessagesReadable(reasons);
    }

    @Test
    void aCompanyThatKeepsLockedContractsAsTheyAreIsToldSoWhileProcoreHasItOutOfDraft() {
        Facts f = Facts.reimportable();
        f.unlocksSov = false;
        f.procoreStatus = "Approved";
        Reason r = only(reimport(f), ReasonCode.PROCORE_SOV_LOCKED);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("procoreStatus", "Approved");
        details.put("setting", "PROCORE_LOCKED_SOV");
        details.put("policy", "refuse");
        details.put("alwaysEditable", false);
        assertEquals(details, r.details());
        assertTrue(r.message().contains("is Approved in Procore"), r.message());
        assertTrue(r.message().contains("set the prime contract back to Draft"), r.message());
        assertTrue(r.message().contains("PROCORE_LOCKED_SOV to unlock"), r.message());
        assertMessagesReadable(List.of(r));
    }

    @Test
    void theLockCountsOnlyWhereTheCompanyKeepsItAndProcoreHasTheContractOutOfDraft() {
        Facts draft = Facts.reimportable();
        draft.unlocksSov = false;
        draft.procoreStatus = "Draft";
        assertEquals(List.of(), reimport(draft), "in Draft the lines can be written");
        Facts unread = Facts.reimportable();
        unread.unlocksSov = false;
        unread.procoreStatus = null;
        assertEquals(List.of(), reimport(unread), "a status never read is found by the worker, not guessed");
        Facts unlocking = Facts.reimportable();
        unlocking.procoreStatus = "Out For Signature";
        assertEquals(List.of(), reimport(unlocking), "a company that unlocks sets it to Draft and back");
        Facts neverImported = Facts.importable();
        neverImported.unlocksSov = false;
        assertEquals(List.of(), Eligibility.forImport(neverImported.build(), admin(), COMPANY),
                "an import creates its prime contract in Draft");
    }

    @Test
    void anAlwaysEditableScheduleOfValuesIsReimportedAsItIsUnlessTheReimportDeletesLines() {
        Facts keeps = Facts.reimportable();
        keeps.unlocksSov = false;
        keeps.alwaysEditableSov = true;
        keeps.pending = new PendingChanges(1, 2, 0);
        assertEquals(List.of(), reimport(keeps), "written as it is: Procore takes changes and additions in any status");

        Facts deletes = Facts.reimportable();
        deletes.unlocksSov = false;
        deletes.alwaysEditableSov = true;
        deletes.pending = new PendingChanges(1, 0, 2);
        Reason r = only(reimport(deletes), ReasonCode.PROCORE_SOV_LOCKED);
        Map<?, ?> details = (Map<?, ?>) r.details();
        assertEquals(true, details.get("alwaysEditable"));
        assertEquals(2, details.get("linesDeleted"));
        assertTrue(r.message().contains("always editable but no line may be deleted"), r.message());
        assertTrue(r.message().contains("removes 2 lines"), r.message());
        assertMessagesReadable(List.of(r));
    }

    @Test
    void aPrimeContractAnotherIntegrationWroteWithTheContractsIdStopsTheImportAndTheReimport() {
        Facts f = Facts.importable();
        f.procoreOwner = "origin_data \"erp-integrations:77\", created by Procore ERP";
        Reason imp = only(Eligibility.forImport(f.build(), admin(), COMPANY), ReasonCode.PROCORE_CONTRACT_OWNED_ELSEWHERE);
        assertEquals(Map.of("owner", f.procoreOwner), imp.details());
        assertTrue(imp.message().contains("another integration wrote it (origin_data \"erp-integrations:77\""),
                imp.message());
        assertTrue(imp.message().contains("will not import into it"), imp.message());
        Facts r = Facts.reimportable();
        r.procoreOwner = f.procoreOwner;
        assertTrue(only(reimport(r), ReasonCode.PROCORE_CONTRACT_OWNED_ELSEWHERE).message()
                .contains("will not re-import into it"));
        assertMessagesReadable(List.of(imp));
    }

    @Test
    void linesAnotherIntegrationWroteStopTheReimportUntilTheyAreOffTheContract() {
        Facts f = Facts.reimportable();
        f.procoreForeignLines = 3;
        Reason r = only(reimport(f), ReasonCode.PROCORE_LINES_OWNED_ELSEWHERE);
        assertEquals(Map.of("foreignLines", 3), r.details());
        assertTrue(r.message().contains("holds 3 line items that another integration wrote"), r.message());
        assertMessagesReadable(List.of(r));
        Facts none = Facts.reimportable();
        none.pending = PendingChanges.NONE;
        none.procoreForeignLines = 1;
        assertEquals(List.of(ReasonCode.NO_UNSYNCED_CHANGES, ReasonCode.PROCORE_LINES_OWNED_ELSEWHERE),
                codes(reimport(none)), "another integration's lines are not a change to bring over");
    }

    @Test
    void aDeletedContractIsNotAlsoToldToMakeAChangeInSpectrum() {
        Facts f = Facts.reimportable();
        f.deleted = true;
        f.pending = PendingChanges.NONE;
        assertEquals(List.of(ReasonCode.CONTRACT_DELETED_IN_ERP), codes(reimport(f)),
                "deleted says it all: nothing new to bring over would contradict it");
    }

    /**
     * What the service account cannot see is unknown: neither "no approved change orders" nor "gone" can be told, so a
     * re-import and an import wait, and the reason names each thing unseen with what Procore answered, since when, and
     * the grant that gives it back.
     */
    @Test
    void aProjectSideTheServiceAccountCannotSeeIsRefusedNamingWhatAndTheGrant() {
        Facts f = Facts.reimportable();
        f.notVisible = List.of(new NotVisible(NotVisible.PROJECT, PROJECT, null, "404 Not Found", "2026-12-01T10:00:00Z"),
                new NotVisible(NotVisible.CHANGE_ORDERS, PROJECT, null, "403 Forbidden", "2026-12-02T10:00:00Z"));
        List<Reason> reasons = reimport(f);
        assertEquals(List.of(ReasonCode.PROCORE_NOT_VISIBLE), codes(reasons));
        Reason r = reasons.get(0);
        assertTrue(r.message().contains("404 Not Found since 2026-12-01T10:00:00Z") && r.message().contains("Directory")
                && r.message().contains("Change Orders tool") && r.message().contains("Nothing was unlinked"), r.message());
        assertMessagesReadable(reasons);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> unseen = (List<Map<String, Object>>) ((Map<String, Object>) r.details()).get("notVisible");
        assertEquals(List.of("project", "changeOrders"), unseen.stream().map(u -> u.get("what")).toList());
        assertEquals(PROJECT, unseen.get(0).get("projectId"));
        assertEquals("403 Forbidden", unseen.get(1).get("why"));
        assertTrue(((String) unseen.get(1).get("need")).contains("Read Only or higher"), unseen.toString());

        Facts first = Facts.reimportable();
        first.imported = false;
        first.syncedErpVersion = null;
        first.linkedProjectIds = List.of();
        first.notVisible = f.notVisible;
        assertTrue(codes(Eligibility.forImport(first.build(), caller(Level.ADMIN, Level.ADMIN), COMPANY))
                .contains(ReasonCode.PROCORE_NOT_VISIBLE), "an import waits too");
    }

    /** The ERP's newest version refused at the door: both actions wait, naming the version and every problem. */
    @Test
    void aRefusedErpVersionIsNamedWithItsProblemsAndWhatStays() {
        Facts f = Facts.reimportable();
        f.erpRefused = new RefusedSnapshot(CONTRACT, JOB, "t", ContractStatus.APPROVED, 9, "evt-9", List.of(
                new Violation("originalContractAmount", "The lines add up to 10.00, not 12.00."),
                new Violation("lineItems[0].amount", "3 × 1.50 is 4.50, not 4.60.")), 2, "2026-12-01T00:00:00Z");
        List<Reason> reasons = reimport(f);
        assertEquals(List.of(ReasonCode.ERP_SNAPSHOT_REFUSED), codes(reasons));
        Reason r = reasons.get(0);
        assertTrue(r.message().contains("(version 9)") && r.message().contains("and 1 more")
                && r.message().contains("stays as it is"), r.message());
        assertMessagesReadable(reasons);
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) r.details();
        assertEquals(9L, details.get("erpVersion"));
        assertEquals(2, details.get("problemCount"));
        assertEquals(2, ((List<?>) details.get("problems")).size());
    }

    @Test
    void theBrokenCasesTogetherCoverEveryReimportCode() {
        Set<ReasonCode> seen = EnumSet.noneOf(ReasonCode.class);
        for (List<String> links : List.of(List.<String>of(), List.of(PROJECT, OTHER_PROJECT))) {
            for (boolean imported : new boolean[] {true, false}) {
                for (boolean deleted : new boolean[] {true, false}) {
                    Facts f = brokenEverywhere();
                    f.imported = imported;
                    f.deleted = deleted;
                    f.linkedProjectIds = links;
                    seen.addAll(codes(reimport(f, caller(Level.NONE, Level.NONE))));
                }
            }
        }
        // the two import-only codes: a contract imported before, and a project Procore does not have
        assertEquals(EnumSet.complementOf(EnumSet.of(ReasonCode.ALREADY_IMPORTED, ReasonCode.PROJECT_NOT_IN_PROCORE)), seen);
    }

    private static Facts brokenEverywhere() {
        Facts f = Facts.reimportable();
        f.deleted = true;
        f.status = ContractStatus.UNAPPROVED;
        f.jobProjectId = null;
        f.pending = PendingChanges.NONE;
        f.approvedChangeOrders = List.of(new ChangeOrderName("9001", "PCCO-001", "Owner upgrade"));
        f.activeSyncId = "sync-1";
        f.unlocksSov = false;
        f.procoreOwner = "origin_data \"theirs\"";
        f.procoreForeignLines = 2;
        f.notVisible = List.of(new NotVisible(NotVisible.PROJECT, PROJECT, null, "403 Forbidden", "2026-12-01T00:00:00Z"));
        f.erpRefused = new RefusedSnapshot(CONTRACT, JOB, "t", ContractStatus.APPROVED, 9, "evt-9",
                List.of(new Violation("originalContractAmount", "The lines add up to 10.00, not 12.00.")), 1,
                "2026-12-01T00:00:00Z");
        return f;
    }

    static void assertMessagesReadable(List<Reason> reasons) {
        for (Reason r : reasons) {
            assertFalse(r.message().isBlank(), r.code() + " has a blank message");
            assertTrue(r.message().endsWith("."), r.code() + ": " + r.message());
            assertFalse(r.message().contains("null"), r.code() + ": " + r.message());
            boolean namesSomething = r.message().contains(CONTRACT) || r.message().contains(JOB);
            assertTrue(namesSomething, r.code() + " names no contract or job: " + r.message());
        }
    }

    static Map<String, Object> permissionDetails(String requiredCompany, String heldCompany, String heldProject,
            String projectId) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("required", Map.of(Caller.ERP_INTEGRATIONS, requiredCompany, Caller.PRIME_CONTRACTS, "admin"));
        details.put("held", Map.of(Caller.ERP_INTEGRATIONS, heldCompany, Caller.PRIME_CONTRACTS, heldProject));
        details.put("projectId", projectId);
        return details;
    }
}
