package io.primesync.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.procore.HookSetup;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.store.ApplyResult;
import io.primesync.store.ProjectRecords.ReconcileMarks;
import io.primesync.testing.InMemoryLedger;
import io.primesync.testing.InMemoryProcore;
import io.primesync.testing.InMemoryStore;
import io.primesync.testing.TestClock;
import io.primesync.webhook.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scheduled reconciliation's share of Procore's budget: a run reads what changed since the last one (the
 * deliveries Procore could not make, the projects it updated) for a handful of calls, a full pass comes back once a
 * period and whenever the deliveries cannot be trusted, and a run stops at its share of the budget and goes on from
 * there at the next.
 */
class ReconcilerRunTest {
    private static final String COMPANY = "1001";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryProcore procore = new InMemoryProcore(100);
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final DeliveryProcessor deliveries = new DeliveryProcessor(store, procore, clock,
            HookSetup.DEFAULT_CHANGE_ORDERS, "our-app");
    private int ulids;

    private Reconciler reconciler(Reconciler.Settings settings) {
        return new Reconciler(store, procore, clock, ProcoreRules.DEFAULT, null, settings,
                HookSetup.followed(name -> null), ledger, deliveries);
    }

    private final Reconciler reconciler = reconciler(Reconciler.Settings.DEFAULT);

    /** Contract PC-1 of job J-1 imported into project 2002, and {@code others} projects without a contract. */
    private PrimeContract imported(int others) {
        procore.clock(clock);
        PrimeContract pc = ReconcilerTest.imported(store, procore);
        for (int i = 0; i < others; i++) {
            procore.addProject(Integer.toString(3000 + i), null);
        }
        return pc;
    }

    /** The calls a step made of Procore. */
    private List<String> callsOf(Runnable step) {
        int before = procore.calls().size();
        step.run();
        List<String> all = procore.calls();
        return all.subList(before, all.size());
    }

    private Findings run(Reconciler r, Duration after) {
        clock.advance(after);
        return r.run(COMPANY);
    }

    /** A change-order delivery Procore gave up on, as its deliveries list shows it. */
    private ObjectNode lostChangeOrderDelivery() {
        ObjectNode d = Json.object();
        d.put("ulid", String.format("01JA0000000000000000%06d", ++ulids));
        d.put("id", ulids);
        d.put("timestamp", clock.instant().toString());
        d.put("company_id", Long.parseLong(COMPANY));
        d.put("project_id", 2002);
        d.put("event_type", "update");
        d.put("resource_name", HookSetup.DEFAULT_CHANGE_ORDERS);
        d.put("resource_id", 7001);
        d.putObject("metadata").put("source_company_id", Long.parseLong(COMPANY));
        return d;
    }

    @Test
    void afterAFullPassAnHourlyRunReadsOnlyWhatChangedForAHandfulOfCalls() {
        imported(40);
        Findings first = run(reconciler, Duration.ZERO);
        assertEquals(1, first.get(Reconciler.FULL_PASS), "a first run reads everything: " + first);
        assertEquals(41, first.get("projects read"));

        List<String> calls = callsOf(() -> assertEquals(0, run(reconciler, Duration.ofHours(1)).get(Reconciler.FULL_PASS)));
        assertEquals(List.of("hooks", "triggers", "projectsUpdated", "deliveries", "deliveries"), calls,
                "the hook, its triggers, the projects updated, the failed and the discarded deliveries; nothing else");
    }

    @Test
    void aDeliveryProcoreGaveUpOnIsAppliedByTheNextRunOnceAndOneThatCameIsNot() {
        PrimeContract pc = imported(0);
        run(reconciler, Duration.ZERO);
        clock.advance(Duration.ofMinutes(20));
        procore.addChangeOrder("7001", "2002", pc.id(), "approved");
        procore.lostDelivery(COMPANY, "discarded", lostChangeOrderDelivery());

        Findings found = run(reconciler, Duration.ofMinutes(40));
        assertEquals(1, found.get(Reconciler.LOST_DELIVERIES), found.toString());
        assertEquals(1, found.get("change orders changed"));
        assertEquals(List.of("7001"), store.head(COMPANY, "PC-1").orElseThrow().approvedPccoIds());
        assertTrue(ledger.seen(Source.PROCORE.wire(), COMPANY, "01JA0000000000000000000001").isPresent(),
                "recorded as received: a later run, or Procore sending it after all, does not apply it again");
        assertEquals(0, run(reconciler, Duration.ofHours(1)).get(Reconciler.LOST_DELIVERIES));

        // one the product received after a failed attempt is not applied again
        ObjectNode came = lostChangeOrderDelivery();
        ledger.record(Source.PROCORE.wire(), COMPANY, came.path("ulid").asText(), ApplyResult.APPLIED);
        procore.lostDelivery(COMPANY, "failed", came);
        assertEquals(0, run(reconciler, Duration.ofHours(1)).get(Reconciler.LOST_DELIVERIES));

        // one that is not a delivery is counted, and left to the next full pass
        ObjectNode broken = lostChangeOrderDelivery();
        broken.remove("resource_id");
        procore.lostDelivery(COMPANY, "failed", broken);
        assertEquals(1, run(reconciler, Duration.ofHours(1)).get(Reconciler.LOST_UNREADABLE));
    }

    @Test
    void aProjectWhoseJobOriginChangedIsReadFromTheProjectsUpdatedSince() {
        imported(5);
        // made well before the first run: the next reads from a few minutes before that run (Procore's clock may differ)
        run(reconciler, Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(30));
        procore.changeOrigin("3003", "J-7");
        Findings found = run(reconciler, Duration.ofMinutes(30));
        assertEquals(0, found.get(Reconciler.FULL_PASS));
        assertEquals(1, found.get(Reconciler.PROJECTS_UPDATED), found.toString());
        assertEquals(List.of("3003"), store.jobProjects(COMPANY, "J-7"));
    }

    @Test
    void aFullPassComesBackOnceAPeriodAndWheneverTheDeliveriesCannotTell() {
        imported(3);
        run(reconciler, Duration.ZERO);
        assertEquals(0, run(reconciler, Duration.ofHours(23)).get(Reconciler.FULL_PASS));
        assertEquals(1, run(reconciler, Duration.ofHours(1)).get(Reconciler.FULL_PASS), "24 hours after the last");
        assertEquals(0, run(reconciler, Duration.ofHours(1)).get(Reconciler.FULL_PASS));

        procore.disableHook(COMPANY);
        Findings reenabled = run(reconciler, Duration.ofHours(1));
        assertEquals(1, reenabled.get(Reconciler.HOOK_REENABLED));
        assertEquals(1, reenabled.get(Reconciler.FULL_PASS), "a disabled hook made no delivery, lost or not");

        procore.removeTrigger(COMPANY, HookSetup.LINE_ITEMS);
        Findings untriggered = run(reconciler, Duration.ofHours(1));
        assertEquals(1, untriggered.get(Reconciler.TRIGGERS_MISSING));
        assertEquals(1, untriggered.get(Reconciler.FULL_PASS), "line items changed would go untold");

        Reconciler weekly = reconciler(new Reconciler.Settings(Duration.ofDays(30), 0.5, 600));
        procore.addHook(COMPANY);
        store.saveReconcileMarks(COMPANY, new ReconcileMarks(clock.millis() - Duration.ofDays(7).toMillis(),
                clock.millis(), null, 0));
        assertEquals(1, run(weekly, Duration.ZERO).get(Reconciler.FULL_PASS),
                "a week since the last run: the deliveries received then are forgotten");
    }

    @Test
    void aFullPassCutShortByItsBudgetGoesOnFromTheProjectItReachedAtTheNextRun() {
        imported(30);
        // 20 an hour: each run may spend 10
        Reconciler small = reconciler(new Reconciler.Settings(Duration.ofHours(24), 0.5, 20));
        Instant start = clock.instant();
        Findings first = run(small, Duration.ZERO);
        assertEquals(1, first.get(Reconciler.FULL_CUT), first.toString());
        ReconcileMarks marks = store.reconcileMarks(COMPANY);
        assertNotNull(marks.fullCursor());
        assertEquals(start.toEpochMilli(), marks.fullStartedAt());

        List<String> calls = new java.util.ArrayList<>(procore.calls());
        int runs = 1;
        while (store.reconcileMarks(COMPANY).fullCursor() != null) {
            calls.addAll(callsOf(() -> run(small, Duration.ofHours(1))));
            assertTrue(++runs < 10, "the pass ends");
        }
        assertTrue(runs >= 3, "31 projects at 10 calls a run take several runs: " + runs);
        assertEquals(31, calls.stream().filter("primeContracts"::equals).count(),
                "each project's prime contracts read once across the runs");
        marks = store.reconcileMarks(COMPANY);
        assertEquals(start.toEpochMilli(), marks.fullAt(), "the pass counts from its start");
        assertNull(marks.fullCursor());
    }

    @Test
    void aRunStopsWhenProcoreNamesItsHourlyWindowBelowWhatTheRunMustLeave() {
        imported(20);
        procore.hourlyWindow(600, 100);
        // 100 left: the run may spend 50, and stops once Procore says fewer than 50 are left
        procore.on("primeContracts", 3, () -> procore.hourlyWindow(600, 45));
        Findings found = run(reconciler, Duration.ZERO);
        assertEquals(1, found.get(Reconciler.FULL_CUT), found.toString());
        assertEquals(3, callsCount("primeContracts"), "the third project's read was the last");
    }

    private long callsCount(String operation) {
        return procore.calls().stream().filter(operation::equals).count();
    }
}
