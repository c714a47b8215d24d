package io.primesync.service;

import static io.primesync.testing.Fixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.domain.ChangeOrderName;
import io.primesync.domain.ContractFacts;
import io.primesync.domain.LineItem;
import io.primesync.domain.ProjectName;
import io.primesync.procore.LinePlan;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.procore.ProcoreRecords.PrimeContractFields;
import io.primesync.store.ContractHead;
import io.primesync.testing.InMemoryProcore;
import io.primesync.testing.InMemoryStore;
import io.primesync.testing.TestClock;
import io.primesync.webhook.ProcoreDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Procore's side followed: what the reconciliation of a company and one delivery find in Procore, and what they make
 * of it in the store: job origins, links, approved change orders, lines changed by hand, contracts gone.
 */
class ReconcilerTest {
    private static final String COMPANY = "1001";
    private static final List<LineItem> LINES = List.of(line("A", "100.00"), line("B", "200.00"));

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryProcore procore = new InMemoryProcore(100);
    private final Reconciler reconciler = new Reconciler(store, procore, clock);
    private final DeliveryProcessor deliveries = new DeliveryProcessor(store, procore, clock, "Change Order Packages",
            "our-app");
    private int ulids;

    /**
     * Contract PC-1 of job J-1, imported into project 2002: Procore holds its prime contract and lines, and the
     * company has the product's webhook.
     */
    private PrimeContract imported() {
        return imported(store, procore);
    }

    /** {@link #imported()} on a store and a Procore of the caller's. */
    static PrimeContract imported(InMemoryStore store, InMemoryProcore procore) {
        procore.addHook(COMPANY);
        procore.addProject("2002", "J-1");
        InMemoryStore.Contract c = store.put(COMPANY, "PC-1", "J-1", LINES);
        PrimeContract pc = procore.createPrimeContract(COMPANY, "2002", new PrimeContractFields("PC-1", "t", "PC-1",
                "Draft", "amount", null));
        procore.syncLineItems(COMPANY, "2002", pc.id(), LINES.stream().map(l -> LinePlan.line("PC-1", l)).toList());
        procore.setStatus(pc.id(), "Approved");
        store.change(c, x -> {
            x.synced(1, LINES);
            x.primeContractId = pc.id();
        });
        return pc;
    }

    private Findings reconcile() {
        clock.advance(Duration.ofSeconds(1));
        return reconciler.reconcile(COMPANY);
    }

    private ContractHead head() {
        return store.head(COMPANY, "PC-1").orElseThrow();
    }

    private ProcoreDelivery delivery(String resource, String projectId, String resourceId, String application) {
        clock.advance(Duration.ofSeconds(1));
        return new ProcoreDelivery(String.format("01JA0000000000000000%06d", ++ulids), COMPANY, projectId, "update",
                resource, resourceId, application, null, clock.instant().toString());
    }

    /** Procore disables a hook after repeated discards: every reconciliation checks it and makes it active again. */
    @Test
    void aDisabledHookIsReEnabledByTheNextReconciliationAndCountedAsAFinding() {
        imported();
        assertEquals(0, reconcile().get(Reconciler.HOOK_REENABLED), "an active hook is left as it is");
        procore.disableHook(COMPANY);
        assertEquals(1, reconcile().get(Reconciler.HOOK_REENABLED));
        assertEquals("active", procore.hooks(COMPANY, "primesync").get(0).status());
        assertEquals(0, reconcile().get(Reconciler.HOOK_REENABLED), "once");

        // with the product's destination given, another deployment's hook in the namespace is not the product's
        procore.disableHook(COMPANY);
        Reconciler elsewhere = new Reconciler(store, procore, clock, ProcoreRules.DEFAULT, "https://other.test/webhooks/procore");
        assertEquals(0, elsewhere.reconcile(COMPANY).get(Reconciler.HOOK_REENABLED));
        Reconciler ours = new Reconciler(store, procore, clock, ProcoreRules.DEFAULT, "https://example.test/webhooks/procore");
        assertEquals(1, ours.reconcile(COMPANY).get(Reconciler.HOOK_REENABLED));
    }

    @Test
    void aReconciliationFindsTheJobsProjectTheContractsLinkAndNothingMoreTheSecondTime() {
        PrimeContract pc = imported();
        Findings first = reconcile();
        assertEquals(1, first.get("job origins changed"));
        assertEquals(1, first.get("links added"));
        assertEquals(1, first.get("projects read"));
        assertEquals(1, first.get("prime contracts read"));
        assertEquals(List.of("2002"), store.jobProjects(COMPANY, "J-1"));
        assertEquals(Map.of("2002", new ProjectName("2002", "Project 2002", "P-2002")),
                store.projectNames(COMPANY, List.of("2002")), "the project's name and number as read");
        assertEquals(List.of("2002"), head().linkedProjectIds());
        assertEquals(pc.id(), store.primeContract(COMPANY, pc.id()).orElseThrow().primeContractId());
        assertEquals(0, head().procoreDriftLines());
        assertEquals("Approved", head().procoreStatus(), "the status of the prime contract the product writes");

        Findings second = reconcile();
        assertEquals(0, second.get("job origins changed") + second.get("links added") + second.get("drift found"),
                "nothing changed in Procore: " + second);
    }

    @Test
    void anApprovedChangeOrderIsFoundAndItsRevertIsFoundToo() {
        PrimeContract pc = imported();
        reconcile();
        procore.addChangeOrder("9001", "2002", pc.id(), "approved");
        assertEquals(1, reconcile().get("change orders changed"));
        assertEquals(List.of(new ChangeOrderName("9001", "PCCO-9001", "Change 9001")), head().approvedChangeOrders(),
                "with the number and title people see");
        procore.addChangeOrder("9001", "2002", pc.id(), "pending");
        assertEquals(1, reconcile().get("change orders changed"));
        assertEquals(List.of(), head().approvedPccoIds());
    }

    @Test
    void aLineChangedByHandInProcoreIsDriftUntilItIsPutBack() {
        PrimeContract pc = imported();
        reconcile();
        procore.handEdit(pc.id(), "PC-1:B", "Line B", "210.00");
        procore.handEdit(pc.id(), null, "Added in Procore", "5.00");
        assertEquals(1, reconcile().get("drift found"));
        assertEquals(2, head().procoreDriftLines(), "one changed, one added by hand");
        // put back by a person, who sets the contract to Draft for it (Procore's lock) and approves it again
        procore.setStatus(pc.id(), "Draft");
        procore.handEdit(pc.id(), "PC-1:B", "Line B", "200.00");
        procore.linesOf(pc.id()).stream().filter(l -> l.originId() == null)
                .forEach(l -> procore.deleteLineItem(COMPANY, "2002", pc.id(), l.id()));
        procore.setStatus(pc.id(), "Approved");
        assertEquals(1, reconcile().get("drift cleared"));
        assertEquals(0, head().procoreDriftLines());
    }

    @Test
    void theStatusProcoreGivesThePrimeContractIsKeptAsALaterDeliverySaysIt() {
        PrimeContract pc = imported();
        reconcile();
        procore.setStatus(pc.id(), "Draft");
        deliveries.apply(delivery("Prime Contracts", "2002", pc.id(), null));
        assertEquals("Draft", head().procoreStatus(), "set back to Draft by a person in Procore");
    }

    @Test
    void aLineAnotherIntegrationWroteIsCountedApartFromDrift() {
        PrimeContract pc = imported();
        reconcile();
        procore.handEdit(pc.id(), "ERPX-778", "Billing system line", "75.00");
        reconcile();
        assertEquals(0, head().procoreDriftLines(), "not a change of the product's lines");
        assertEquals(1, head().procoreForeignLines());
    }

    @Test
    void aPrimeContractGoneFromProcoreUnlinksTheContract() {
        PrimeContract pc = imported();
        reconcile();
        procore.updatePrimeContract(COMPANY, "2002", pc.id(), new PrimeContractFields(null, "t", "n", "Approved",
                "amount", null));
        Findings found = reconcile();
        assertEquals(1, found.get("links removed"), found.toString());
        assertEquals(List.of(), head().linkedProjectIds());
        assertTrue(store.primeContract(COMPANY, pc.id()).orElseThrow().gone());
    }

    /** The contract's facts as the rules see them, the projects' visibility included. */
    private ContractFacts facts() {
        List<String> jobProjects = store.jobProjects(COMPANY, "J-1");
        return head().facts(jobProjects, store.projectNames(COMPANY, head().projectIds(jobProjects)));
    }

    private List<String> unseen() {
        return facts().notVisible().stream().map(n -> n.what() + " " + n.why()).toList();
    }

    /**
     * A project the service account loses (Procore answers 403 or 404 and leaves it out of its lists) is unknown, not
     * gone: the job stays synced to it, the contract stays linked, the rules refuse with PROCORE_NOT_VISIBLE; access
     * given back restores it all without a re-import.
     */
    @Test
    void aProjectTheServiceAccountCannotSeeIsUnknownNeverUnlinkedAndComesBackWithAccess() {
        imported();
        reconcile();
        for (int status : new int[] {404, 403}) {
            procore.hideProject("2002", status);
            Findings hidden = reconcile();
            assertEquals(1, hidden.get(ProcoreResources.NOT_VISIBLE), hidden.toString());
            assertEquals(List.of("2002"), store.jobProjects(COMPANY, "J-1"), "the job still synced to it");
            assertEquals(List.of("2002"), head().linkedProjectIds(), "still linked");
            assertEquals(List.of("project " + (status == 403 ? "403 Forbidden" : "404 Not Found")), unseen());
            assertEquals(0, reconcile().get(ProcoreResources.NOT_VISIBLE), "found once; its since kept");
            // a delivery about it says the same, and unlinks nothing either
            deliveries.apply(delivery("Projects", "2002", "2002", null));
            assertEquals(List.of("2002"), store.jobProjects(COMPANY, "J-1"));
            assertEquals("2002", facts().notVisible().get(0).projectId());

            procore.hideProject("2002", 0);
            reconcile();
            assertEquals(List.of(), unseen(), "known again, without a re-import");
            assertEquals(List.of("2002"), head().linkedProjectIds());
        }
    }

    /** A prime contract hidden from the service account in a project it sees: unknown, still linked. */
    @Test
    void aPrimeContractHiddenFromTheServiceAccountStaysLinkedAndUnknown() {
        PrimeContract pc = imported();
        reconcile();
        procore.hidePrimeContract(pc.id(), 404);
        reconcile();
        assertEquals(List.of("2002"), head().linkedProjectIds(), "not deleted: Procore never said so");
        assertEquals(List.of("primeContract 404 Not Found"), unseen());
        assertEquals(pc.id(), facts().notVisible().get(0).primeContractId());
        // an update delivery whose read finds nothing is no deletion either
        deliveries.apply(delivery("Prime Contracts", "2002", pc.id(), null));
        assertEquals(List.of("2002"), head().linkedProjectIds());

        procore.hidePrimeContract(pc.id(), 0);
        reconcile();
        assertEquals(List.of(), unseen());
        assertEquals(List.of("2002"), head().linkedProjectIds());
    }

    /** Change orders the service account may not read: unknown (never "none approved"), and known again with access. */
    @Test
    void changeOrdersTheServiceAccountCannotReadAreUnknownNotNoneApproved() {
        PrimeContract pc = imported();
        reconcile();
        procore.hideChangeOrders("2002", 403);
        reconcile();
        assertEquals(List.of("changeOrders 403 Forbidden"), unseen());
        procore.addChangeOrder("9001", "2002", pc.id(), "approved");
        deliveries.apply(delivery("Change Order Packages", "2002", "77", null));
        assertEquals(List.of(), head().approvedPccoIds(), "not read, so not known");
        procore.hideChangeOrders("2002", 0);
        deliveries.apply(delivery("Change Order Packages", "2002", "77", null));
        assertEquals(List.of(), unseen(), "a delivery's list read them again");
        assertEquals(List.of("9001"), head().approvedPccoIds(), "found by listing, whatever id the package had");
    }

    @Test
    void aSecondProjectOfTheSameJobIsFound() {
        imported();
        reconcile();
        procore.addProject("2003", "J-1");
        assertEquals(1, reconcile().get("job origins changed"));
        assertEquals(List.of("2002", "2003"), store.jobProjects(COMPANY, "J-1"));
        assertEquals(List.of("2002", "2003"), head().facts(store.jobProjects(COMPANY, "J-1"), Map.of()).linkedProjectIds(),
                "both projects count among the contract's links");
    }

    @Test
    void anOlderReadNeverTakesTheStateBack() {
        imported();
        reconcile();
        // a delivery read now says the project's origin was cleared; a reconciliation that read earlier must not undo it
        procore.addProject("2002", null);
        Instant earlier = clock.instant();
        assertEquals(1, deliveries.apply(delivery("Projects", null, "2002", null)).get("job origins changed"));
        assertEquals(List.of(), store.jobProjects(COMPANY, "J-1"));
        procore.addProject("2002", "J-1");
        Reconciler late = new Reconciler(store, procore, Clock.fixed(earlier, ZoneOffset.UTC));
        assertTrue(late.reconcile(COMPANY).get("stale") > 0);
        assertEquals(List.of(), store.jobProjects(COMPANY, "J-1"), "the later read (the delivery's) stands");
    }

    @Test
    void aDeliveryFetchesWhatItNamesAndSkipsTheProductsOwnWrites() {
        PrimeContract pc = imported();
        Findings project = deliveries.apply(delivery("Projects", null, "2002", null));
        assertEquals(1, project.get("job origins changed"));
        Findings contract = deliveries.apply(delivery("Prime Contracts", "2002", pc.id(), null));
        assertEquals(1, contract.get("links added"));
        assertEquals(List.of(COMPANY), store.companies(), "a company whose hook delivers is one to reconcile");

        procore.handEdit(pc.id(), "PC-1:A", "Line A", "101.00");
        assertEquals(Map.of("own write", 1), deliveries.apply(delivery("Prime Contract Line Items", "2002", "1",
                "our-app")).counts());
        assertEquals(0, head().procoreDriftLines(), "a write of the product's own is not drift");
        assertEquals(1, deliveries.apply(delivery("Prime Contract Line Items", "2002", "1", "someone-else"))
                .get("drift found"));

        procore.addChangeOrder("9001", "2002", pc.id(), "approved");
        assertEquals(1, deliveries.apply(delivery("Change Order Packages", "2002", "9001", null))
                .get("change orders changed"));
        assertEquals(List.of("9001"), head().approvedPccoIds());
        assertEquals(Map.of("ignored: Submittals", 1), deliveries.apply(delivery("Submittals", "2002", "7", null))
                .counts());
    }

    @Test
    void whatProcoreSaysIsAnotherCompanysIsNeverAppliedToThisCompany() {
        // company 1001 has a contract of job J-1; company 6666 makes a project whose origin is 1001's job
        store.put(COMPANY, "PC-1", "J-1", LINES);
        procore.addProject("7777", "J-1", "6666");
        procore.addChangeOrder("9100", "7777", "5999", "approved");

        Findings project = deliveries.apply(delivery("Projects", null, "7777", null));
        assertEquals(Map.of(CompanyBinding.MISMATCH, 1), project.counts());
        Findings changeOrder = deliveries.apply(delivery("Change Order Packages", "7777", "9100", null));
        assertEquals(Map.of(CompanyBinding.MISMATCH, 1), changeOrder.counts());
        assertEquals(List.of(), store.jobProjects(COMPANY, "J-1"), "the job is not linked to another company's project");
        assertEquals(List.of(), head().approvedPccoIds());
        assertEquals(List.of(), store.companies(), "nothing verified: the company is not registered for reconciliation");

        // the reconciliation drops such a project of the company's list as well
        Findings run = reconcile();
        assertEquals(1, run.get(CompanyBinding.MISMATCH), run.toString());
        assertEquals(List.of(), store.jobProjects(COMPANY, "J-1"));

        // a project that is the company's own is applied, and registers the company
        procore.addProject("2002", "J-1", COMPANY);
        assertEquals(1, deliveries.apply(delivery("Projects", null, "2002", null)).get("job origins changed"));
        assertEquals(List.of(COMPANY), store.companies());
    }

    @Test
    void aCompanyWithNeitherContractsNorAHookLeavesTheReconciliationsList() {
        store.registerCompany("4242");
        store.registerCompany("4343");
        procore.addHook("4343");
        assertEquals(Map.of(Reconciler.LEFT, 1), reconciler.reconcile("4242").counts());
        assertEquals(0, reconciler.reconcile("4343").get(Reconciler.LEFT), "its hook may still tell of something");
        assertEquals(List.of("4343"), store.companies());
        imported();
        store.registerCompany(COMPANY);
        assertEquals(0, reconcile().get(Reconciler.LEFT), "a company with contracts stays");
        assertEquals(List.of(COMPANY, "4343"), store.companies());
    }

    @Test
    void aPrimeContractAnotherIntegrationWroteWithTheContractsIdIsNoLinkAndSaysWhoOwnsIt() {
        procore.addHook(COMPANY);
        procore.addProject("2002", "J-1");
        store.put(COMPANY, "PC-1", "J-1", LINES);
        PrimeContract theirs = procore.addForeignPrimeContract("2002", "PC-1", "erp-integrations:77", "Procore ERP");
        Findings found = reconcile();
        assertEquals(1, found.get("owned elsewhere"), found.toString());
        assertEquals(List.of(), head().linkedProjectIds(), "not the product's: no link");
        assertEquals("origin_data \"erp-integrations:77\", created by Procore ERP", head().procoreOwner());

        procore.deletePrimeContract(theirs.id());
        reconcile();
        assertNull(head().procoreOwner(), "gone: nothing of theirs stands in the way");
    }
}
