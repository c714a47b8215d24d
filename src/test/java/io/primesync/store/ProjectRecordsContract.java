package io.primesync.store;

import static io.primesync.testing.Fixtures.line;
import static io.primesync.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.domain.ChangeOrderName;
import io.primesync.domain.ContractDiff;
import io.primesync.domain.LineItem;
import io.primesync.domain.NotVisible;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.ProcoreLines;
import io.primesync.domain.ProjectName;
import io.primesync.domain.RefusedSnapshot;
import io.primesync.domain.Sync;
import io.primesync.store.ProjectRecords.Applied;
import io.primesync.store.ProjectRecords.PrimeContractRef;
import io.primesync.store.ProjectRecords.ProjectOrigin;
import io.primesync.testing.Stores;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What following Procore's side relies on of {@link ProjectRecords}, run against every implementation: the later
 * read wins everywhere, and every fact about a contract moves its revision.
 */
public abstract class ProjectRecordsContract {
    private static final List<LineItem> LINES = List.of(line("A", "10.00"));

    protected abstract Stores stores();

    protected abstract String newCompany();

    private final Stores stores = stores();
    private final ProjectRecords facts = stores.facts();
    private final String company = newCompany();

    private ContractHead head(String contractId) {
        return facts.head(company, contractId).orElseThrow();
    }

    private static EventStamp at(long millis, String id) {
        return new EventStamp(millis, id);
    }

    @Test
    void aLinkIsKeptByTheLaterRead() {
        stores.snapshots().applySnapshot(company, snapshot("K-1", "J1", 1, LINES));
        assertEquals(ApplyResult.APPLIED, facts.applyLink(company, "K-1", "2002", true, "5001", at(10, "a")));
        assertEquals(ApplyResult.APPLIED, facts.applyLink(company, "K-1", "2003", true, null, at(10, "b")));
        assertEquals(ApplyResult.APPLIED, facts.applyLink(company, "K-1", "2003", false, null, at(20, "c")));
        assertEquals(ApplyResult.STALE, facts.applyLink(company, "K-1", "2003", true, null, at(15, "d")));
        assertEquals(ApplyResult.STALE, facts.applyLink(company, "K-1", "2003", true, null, at(20, "b")),
                "the same time: the larger event id wins");
        assertEquals(List.of("2002"), head("K-1").linkedProjectIds());
    }

    @Test
    void anApprovedChangeOrderCountsOnlyOnTheLinkedProjectsPrimeContract() {
        stores.snapshots().applySnapshot(company, snapshot("K-2", "J1", 1, LINES));
        facts.applyLink(company, "K-2", "2002", true, "5001", at(10, "l"));
        ChangeOrderName named = new ChangeOrderName("9001", "PCCO-001", "Owner upgrade");
        facts.applyPcco(company, "K-2", "2002", "5001", named, PccoStatus.APPROVED, at(10, "a"));
        facts.applyPcco(company, "K-2", "3003", "5002", new ChangeOrderName("9002", null, null), PccoStatus.APPROVED, at(10, "b"));
        assertEquals(ApplyResult.STALE, facts.applyPcco(company, "K-2", "2002", "5001", new ChangeOrderName("9001", null, null), PccoStatus.PENDING,
                at(5, "c")));
        assertEquals(List.of(named), head("K-2").approvedChangeOrders(), "3003 is not linked");
        facts.applyLink(company, "K-2", "2002", true, "5009", at(30, "m"));
        assertEquals(List.of(), head("K-2").approvedPccoIds(),
                "the prime contract in 2002 is another now: its change orders are not 5001's");
    }

    @Test
    void procoresLinesAgainstWhatWasSyncedAreKeptByTheLaterRead() {
        stores.snapshots().applySnapshot(company, snapshot("K-3", "J1", 1, LINES));
        Instant monday = Instant.parse("2026-12-07T09:30:00Z");
        ProcoreLines read = new ProcoreLines(3, 1, new BigDecimal("1234.50"), List.of(
                new ProcoreLines.Edit(ProcoreLines.Kind.CHANGED, "01-100", "71",
                        new LineItem("01-100", "Site work", new BigDecimal("610.00"), new BigDecimal("2.5"), "LS",
                                new BigDecimal("244.00")), monday),
                new ProcoreLines.Edit(ProcoreLines.Kind.DELETED, "02-200", null, null, null),
                new ProcoreLines.Edit(ProcoreLines.Kind.ADDED, null, "99",
                        new LineItem(null, null, new BigDecimal("-5.00"), null, null, null), null)));
        facts.applyProcoreLines(company, "K-3", read, at(10, "x"));
        assertEquals(ApplyResult.STALE, facts.applyProcoreLines(company, "K-3", ProcoreLines.NONE, at(5, "y")));
        assertEquals(3, head("K-3").procoreDriftLines());
        assertEquals(1, head("K-3").procoreForeignLines());
        assertEquals(read, head("K-3").procoreLines(), "every line kept as read");
        assertEquals(new BigDecimal("1234.50"), head("K-3").procoreAmount());
    }

    @Test
    void procoresStatusCountsForThePrimeContractTheProductWritesAndTheLaterReadWins() {
        stores.snapshots().applySnapshot(company, snapshot("K-5", "J1", 1, LINES));
        facts.applyProcoreStatus(company, "K-5", "5001", "Approved", at(10, "s"));
        assertEquals(null, head("K-5").procoreStatus(), "not the prime contract the product writes (none yet)");
        assertEquals(ApplyResult.STALE, facts.applyProcoreStatus(company, "K-5", "5001", "Draft", at(5, "t")));
        assertEquals(ApplyResult.APPLIED, facts.applyProcoreStatus(company, "K-5", "5001", "Draft", at(20, "u")));
    }

    @Test
    void everyFactAboutAContractMovesItsRevisionSoAnEarlierEvaluationIsRefused() {
        stores.snapshots().applySnapshot(company, snapshot("K-4", "J1", 1, LINES));
        ContractDetail basis = stores.contracts().load(company, "K-4").orElseThrow();
        facts.applyPcco(company, "K-4", "2002", "5001", new ChangeOrderName("9001", null, null), PccoStatus.APPROVED, at(10, "p"));
        ContractDiff diff = basis.diff();
        Sync pending = Sync.accepted("sync-1", Sync.Kind.IMPORT, "K-4", "2002", null, 1, BigDecimal.ZERO,
                diff.newAmount(), diff.counts(), Instant.now(), "user-1");
        assertThrows(ConcurrentChangeException.class,
                () -> stores.contracts().acceptSync(company, basis, pending, basis.head().current()));
        assertTrue(head("K-4").active() == null);
    }

    @Test
    void aProjectsJobOriginAndTheJobsProjectsAreKeptByTheLaterRead() {
        assertEquals(new Applied(true, null), facts.applyProjectOrigin(company, ProjectName.unknown("3003"), "J9", at(10, "o1")));
        assertEquals(new Applied(true, "J9"), facts.applyProjectOrigin(company, ProjectName.unknown("3003"), null, at(30, "o3")));
        assertEquals(new Applied(false, null), facts.applyProjectOrigin(company, ProjectName.unknown("3003"), "J5", at(20, "o2")));
        assertEquals(List.of(new ProjectOrigin("3003", null)), facts.projects(company));
        ProjectName named = new ProjectName("3003", "Harbor View Garage", "24-102");
        facts.applyProjectOrigin(company, named, "J9", at(40, "o4"));
        assertEquals(Map.of("3003", named), stores.contracts().projectNames(company, List.of("3003", "3999")),
                "the name and number as last read; a project never read is left out");

        assertEquals(ApplyResult.APPLIED, facts.applyJobProject(company, "J9", "3003", true, at(10, "j1")));
        assertEquals(ApplyResult.APPLIED, facts.applyJobProject(company, "J9", "10004", true, at(12, "j2")));
        assertEquals(ApplyResult.APPLIED, facts.applyJobProject(company, "J9", "904", true, at(12, "j3")));
        assertEquals(List.of("904", "3003", "10004"), stores.contracts().jobProjects(company, "J9"), "sorted as numbers");
        assertEquals(ApplyResult.APPLIED, facts.applyJobProject(company, "J9", "3003", false, at(30, "j4")));
        assertEquals(ApplyResult.STALE, facts.applyJobProject(company, "J9", "3003", true, at(20, "j5")));
        assertEquals(List.of("904", "10004"), stores.contracts().jobProjects(company, "J9"));
    }

    /**
     * What the service account could not see is kept from the first finding (its since stays) until a later read sees
     * it again; a read of the project itself sees the project; a contract's prime contract is kept on its head.
     */
    @Test
    void whatTheServiceAccountCannotSeeIsKeptFromTheFirstFindingUntilALaterReadSeesIt() {
        NotVisible project = new NotVisible(NotVisible.PROJECT, "3003", null, "404 Not Found", "2026-12-01T00:00:00Z");
        NotVisible orders = new NotVisible(NotVisible.CHANGE_ORDERS, "3003", null, "403 Forbidden", "2026-12-01T00:00:00Z");
        assertEquals(ApplyResult.APPLIED, facts.applyProjectNotVisible(company, "3003", NotVisible.PROJECT, project,
                at(10, "v1")));
        assertEquals(ApplyResult.STALE, facts.applyProjectNotVisible(company, "3003", NotVisible.PROJECT,
                new NotVisible(NotVisible.PROJECT, "3003", null, "403 Forbidden", "2026-12-02T00:00:00Z"), at(20, "v2")),
                "the first finding stays");
        facts.applyProjectNotVisible(company, "3003", NotVisible.CHANGE_ORDERS, orders, at(10, "v3"));
        assertEquals(List.of(new ProjectOrigin("3003", null, List.of(orders, project))), facts.projects(company),
                "a project known only as unseen is one of the company's");
        assertEquals(List.of(orders, project), stores.contracts().projectNames(company, List.of("3003")).get("3003")
                .notVisible());
        assertEquals(ApplyResult.STALE, facts.applyProjectNotVisible(company, "3003", NotVisible.CHANGE_ORDERS, null,
                at(5, "v4")), "an earlier read does not clear it");
        assertEquals(ApplyResult.APPLIED, facts.applyProjectNotVisible(company, "3003", NotVisible.CHANGE_ORDERS, null,
                at(30, "v5")));
        facts.applyProjectOrigin(company, new ProjectName("3003", "Harbor View Garage", "24-102"), "J9", at(40, "v6"));
        assertEquals(List.of(), facts.projects(company).get(0).notVisible(), "a read of the project sees it");
        assertEquals(ApplyResult.STALE, facts.applyProjectNotVisible(company, "3003", NotVisible.PROJECT, null,
                at(50, "v7")), "nothing to clear");
        // a read made before a finding and applied after it (a reconciliation overlapping a delivery) clears nothing
        NotVisible lost = new NotVisible(NotVisible.PROJECT, "3003", null, "404 Not Found", "2026-12-04T00:00:00Z");
        facts.applyProjectNotVisible(company, "3003", NotVisible.PROJECT, lost, at(60, "v8"));
        facts.applyProjectOrigin(company, new ProjectName("3003", "Harbor View Garage", "24-102"), "J9", at(55, "v9"));
        assertEquals(List.of(lost), facts.projects(company).get(0).notVisible(), "the later finding stays, its since too");
        facts.applyProjectOrigin(company, new ProjectName("3003", "Harbor View Garage", "24-102"), "J9", at(70, "v10"));
        assertEquals(List.of(), facts.projects(company).get(0).notVisible(), "a later read sees it");

        stores.snapshots().applySnapshot(company, snapshot("K-9", "J9", 1, LINES));
        NotVisible pc = new NotVisible(NotVisible.PRIME_CONTRACT, "3003", "5009", "404 Not Found", "2026-12-03T00:00:00Z");
        assertEquals(ApplyResult.APPLIED, facts.applyPrimeContractNotVisible(company, "K-9", pc, at(10, "p1")));
        assertEquals(null, head("K-9").procoreNotVisible(), "it counts while a linked project's link names it");
        facts.applyLink(company, "K-9", "3003", true, "5009", at(11, "p0"));
        assertEquals(pc, head("K-9").procoreNotVisible());
        facts.applyLink(company, "K-9", "3003", true, "5010", at(12, "p3"));
        assertEquals(null, head("K-9").procoreNotVisible(), "another prime contract is the project's now");
        facts.applyLink(company, "K-9", "3003", true, "5009", at(13, "p4"));
        assertEquals(ApplyResult.APPLIED, facts.applyPrimeContractNotVisible(company, "K-9", null, at(20, "p2")));
        assertEquals(null, head("K-9").procoreNotVisible());
    }

    /**
     * A refused snapshot is kept while it is the newest version: a later refusal replaces it, an older one or one at a
     * stored version is stale, a later accepted version ends it, and a contract known by a refusal alone is listed with
     * the staged ones, named by it.
     */
    @Test
    void aRefusedSnapshotCountsUntilALaterVersionIsAccepted() {
        RefusedSnapshot first = refused("K-7", 3, "originalContractAmount");
        assertEquals(ApplyResult.APPLIED, stores.snapshots().applyRefused(company, first));
        ContractHead only = head("K-7");
        assertEquals(first, only.erpRefused());
        assertEquals(0, only.erpVersion());
        assertEquals("J7", only.jobNumber(), "named by its refusal");
        assertEquals(List.of("K-7"), stores.contracts().list(company, false, null, 10).items().stream()
                .map(l -> l.head().contractId()).toList(), "on the staged tab");
        assertEquals(ApplyResult.STALE, stores.snapshots().applyRefused(company, refused("K-7", 2, "title")));
        RefusedSnapshot later = refused("K-7", 5, "lineItems[0].amount");
        assertEquals(ApplyResult.APPLIED, stores.snapshots().applyRefused(company, later));
        assertEquals(later, head("K-7").erpRefused());

        stores.snapshots().applySnapshot(company, snapshot("K-7", "J7", 4, LINES));
        assertEquals(later, head("K-7").erpRefused(), "an accepted version below the refused one leaves it");
        stores.snapshots().applySnapshot(company, snapshot("K-7", "J7", 6, LINES));
        assertEquals(null, head("K-7").erpRefused(), "a later accepted version ends it");
        assertEquals(ApplyResult.STALE, stores.snapshots().applyRefused(company, refused("K-7", 6, "title")),
                "a version already accepted");
    }

    private static RefusedSnapshot refused(String contractId, long version, String field) {
        return new RefusedSnapshot(contractId, "J7", "Contract " + contractId, io.primesync.domain.ContractStatus.APPROVED,
                version, "evt-" + contractId + "-" + version, List.of(new io.primesync.domain.Violation(field,
                        field + " is wrong.")), 1, "2026-12-07T10:00:00Z");
    }

    @Test
    void primeContractsCarryingAContractIdAreKeptByTheLaterRead() {
        PrimeContractRef ref = new PrimeContractRef("5001", "K-5", "2002", false);
        assertEquals(ApplyResult.APPLIED, facts.applyPrimeContract(company, ref, at(10, "a")));
        PrimeContractRef gone = new PrimeContractRef("5001", "K-5", "2002", true);
        assertEquals(ApplyResult.APPLIED, facts.applyPrimeContract(company, gone, at(20, "b")));
        assertEquals(ApplyResult.STALE, facts.applyPrimeContract(company, ref, at(15, "c")));
        assertEquals(gone, facts.primeContract(company, "5001").orElseThrow());
        facts.applyPrimeContract(company, new PrimeContractRef("5002", "K-6", "2003", false), at(10, "d"));
        assertEquals(Set.of("5001", "5002"), new TreeSet<>(facts.primeContracts(company).stream()
                .map(PrimeContractRef::primeContractId).toList()));
        assertTrue(facts.primeContract(company, "5999").isEmpty());
    }

    @Test
    void theCompanysContractsAndTheCompaniesToReconcile() {
        stores.snapshots().applySnapshot(company, snapshot("K-7", "J1", 1, LINES));
        stores.snapshots().applySnapshot(company, snapshot("K-8", "J1", 1, LINES));
        String other = newCompany();
        stores.snapshots().applySnapshot(other, snapshot("K-9", "J1", 1, LINES));
        assertEquals(Set.of("K-7", "K-8"), new TreeSet<>(facts.contractIds(company)));
        facts.registerCompany(company);
        facts.registerCompany(company);
        assertEquals(1, facts.companies().stream().filter(company::equals).count(), "registered once");
    }

    @Test
    void whereACompanysReconciliationStandsOutlivesARegistrationAndGoesWithTheCompany() {
        assertEquals(ProjectRecords.ReconcileMarks.NONE, facts.reconcileMarks(company), "never ran");
        facts.registerCompany(company);
        ProjectRecords.ReconcileMarks cut = new ProjectRecords.ReconcileMarks(1_000, 500, "2045", 900);
        facts.saveReconcileMarks(company, cut);
        facts.registerCompany(company);
        assertEquals(cut, facts.reconcileMarks(company), "registering again keeps them");
        ProjectRecords.ReconcileMarks done = new ProjectRecords.ReconcileMarks(2_000, 900, null, 0);
        facts.saveReconcileMarks(company, done);
        assertEquals(done, facts.reconcileMarks(company), "a pass that ended has no cursor");
        assertEquals(ProjectRecords.ReconcileMarks.NONE, facts.reconcileMarks(newCompany()), "per company");
        facts.unregisterCompany(company);
        assertEquals(ProjectRecords.ReconcileMarks.NONE, facts.reconcileMarks(company),
                "a company that comes back starts with a full pass");
    }
}
