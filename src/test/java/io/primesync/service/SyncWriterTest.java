package io.primesync.service;

import static io.primesync.testing.Fixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.config.PerCompany;
import io.primesync.config.Settings;
import io.primesync.config.UnitMap;
import io.primesync.domain.Caller;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.Level;
import io.primesync.domain.LineItem;
import io.primesync.domain.Sync;
import io.primesync.procore.LinePlan;
import io.primesync.procore.ProcoreRecords.Line;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.store.ContractHead;
import io.primesync.testing.Fixtures;
import io.primesync.testing.InMemoryProcore.Fault;
import io.primesync.testing.InMemoryProcore;
import io.primesync.testing.InMemoryStore;
import io.primesync.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The worker's use case over an in-memory store and Procore: a sync written whole, resumed after a crash or a fault
 * at every call, never written by two workers at once, ended in words when Procore refuses. What each test checks
 * is what Procore holds at the end, against the ERP lines the sync was accepted with.
 */
class SyncWriterTest {
    private static final String COMPANY = "1001";
    private static final String PROJECT = "2002";
    private static final Duration LEASE = Duration.ofMinutes(6);
    private static final Duration RETRY = Duration.ofSeconds(30);
    private static final List<LineItem> V1 = List.of(line("A", "100.00"), line("B", "200.00"), line("D", "40.00"));
    private static final List<LineItem> V2 = List.of(line("A", "100.00"), line("B", "250.00"), line("C", "50.00"));
    private static final long PLENTY = 600_000;

    /** One world: the store, Procore, the clock, and what the user does. */
    private static final class World {
        final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
        final InMemoryStore store = new InMemoryStore();
        final InMemoryProcore procore = new InMemoryProcore(2);
        final List<String> queued = new ArrayList<>();
        final SyncService syncs = new SyncService(store, (company, project) -> true,
                (company, contract, syncId, revision, delay) -> queued.add(syncId), clock);
        final Caller admin = new Caller("user-1", Map.of(COMPANY, Map.of(Caller.ERP_INTEGRATIONS, Level.ADMIN)),
                Map.of(PROJECT, Map.of(Caller.PRIME_CONTRACTS, Level.ADMIN)));
        InMemoryStore.Contract contract;

        World() {
            procore.addProject(PROJECT, "J-1");
            store.syncJob(COMPANY, "J-1", PROJECT);
            contract = store.put(COMPANY, "PC-1", "J-1", V1);
        }

        ProcoreRules rules = ProcoreRules.DEFAULT;

        SyncWriter worker(String id) {
            return new SyncWriter(store, procore, clock, id, LEASE, RETRY, rules);
        }

        /** The status of the one prime contract in Procore. */
        String status() {
            return procore.contractsIn(PROJECT).get(0).status();
        }

        Sync importIt() {
            return syncs.importContract(admin, COMPANY, "PC-1", null, "sync-import", false);
        }

        /** Imported at V1 and applied, then changed in Spectrum to V2 and the re-import accepted. */
        Sync reimportAccepted() {
            return reimportAccepted(V2);
        }

        Sync reimportAccepted(List<LineItem> next) {
            importIt();
            assertInstanceOf(SyncWriter.Done.class, write(worker("w0"), "sync-import"));
            store.change(contract, c -> {
                c.erpVersion = 2;
                c.current(next);
            });
            return syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-reimport", false);
        }

        SyncWriter.Outcome write(SyncWriter worker, String syncId) {
            return write(worker, syncId, PLENTY);
        }

        SyncWriter.Outcome write(SyncWriter worker, String syncId, long remaining) {
            ContractHead head = store.head(COMPANY, "PC-1").orElseThrow();
            long revision = head.active() != null && head.active().sync().syncId().equals(syncId)
                    ? head.active().revision() : head.lastSyncRev();
            return worker.write(COMPANY, "PC-1", syncId, revision, () -> remaining);
        }

        Sync sync(String syncId) {
            return store.sync(COMPANY, "PC-1", syncId).orElseThrow();
        }

        /** Writes the sync with worker w1, which must end it failed with this code; answers the failed sync. */
        Sync writeFails(String syncId, String code) {
            SyncWriter.Done done = assertInstanceOf(SyncWriter.Done.class, write(worker("w1"), syncId));
            assertEquals(Sync.Status.FAILED, done.status());
            Sync failed = sync(syncId);
            assertEquals(code, failed.error().code(), () -> failed.error().message());
            return failed;
        }

        /** Procore's schedule of values equals the ERP lines, each once, under the one prime contract. */
        void assertProcoreHolds(List<LineItem> expected) {
            assertEquals(1, procore.contractsIn(PROJECT).size(), "one prime contract");
            String pc = procore.contractsIn(PROJECT).get(0).id();
            List<Line> held = procore.linesOf(pc);
            Set<String> origins = new HashSet<>();
            held.forEach(l -> assertTrue(origins.add(l.originId()), "no line twice: " + l.originId()));
            assertEquals(expected.size(), held.size(), "lines " + held);
            for (LineItem item : expected) {
                Line wanted = LinePlan.line("PC-1", item);
                assertTrue(held.stream().anyMatch(l -> l.originId().equals(wanted.originId())
                        && l.amount().compareTo(wanted.amount()) == 0 && l.description().equals(wanted.description())),
                        "Procore holds " + item);
            }
        }
    }

    @Test
    void anImportCreatesThePrimeContractAndEveryLineAndEndsApplied() {
        World w = new World();
        Sync accepted = w.importIt();
        SyncWriter.Outcome outcome = w.write(w.worker("w1"), accepted.syncId());
        SyncWriter.Done done = assertInstanceOf(SyncWriter.Done.class, outcome);
        assertEquals(Sync.Status.APPLIED, done.status());
        w.assertProcoreHolds(V1);
        assertEquals("Approved", w.status(), "made in Draft, its lines written, then approved");
        assertEquals(List.of("primeContracts", "createPrimeContract", "lineItems", "syncLineItems", "syncLineItems",
                "updatePrimeContract"), w.procore.calls());
        ContractHead head = w.store.head(COMPANY, "PC-1").orElseThrow();
        assertEquals(1L, head.syncedErpVersion());
        assertEquals(List.of(PROJECT), head.linkedProjectIds());
        assertEquals(w.procore.contractsIn(PROJECT).get(0).id(), head.procorePrimeContractId());
        assertNull(head.active());
        Sync applied = w.sync(accepted.syncId());
        assertEquals(List.of(3, 3), List.of(applied.linesWritten(), applied.linesTotal()));
    }

    @Test
    void aReimportWritesOnlyWhatDiffersAndRemovesWhatSpectrumRemoved() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        int before = w.procore.calls().size();
        assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w1"), accepted.syncId()));
        w.assertProcoreHolds(V2);
        List<String> calls = w.procore.calls().subList(before, w.procore.calls().size());
        assertEquals(1, calls.stream().filter("syncLineItems"::equals).count(), "B and C in one batch of two");
        assertEquals(1, calls.stream().filter("deleteLineItem"::equals).count(), "D removed");
        assertEquals(List.of("primeContract", "lineItems", "updatePrimeContract", "syncLineItems", "deleteLineItem",
                "updatePrimeContract"), calls, "set to Draft for its lines, and back to Approved");
        assertEquals("Approved", w.status());
        Sync applied = w.sync(accepted.syncId());
        assertEquals(Sync.Status.APPLIED, applied.status());
        assertEquals(3, applied.linesWritten());
        assertEquals(2L, w.store.head(COMPANY, "PC-1").orElseThrow().syncedErpVersion());
    }

    /**
     * A clean run's calls, then for each of them a run whose worker dies right after that call took effect: another
     * worker, once the dead one's lease has run out, finishes the sync, and Procore ends holding every line once.
     */
    @Test
    void aWorkerThatDiesAfterAnyProcoreCallIsResumedByAnotherWithoutWritingAnythingTwice() {
        World clean = new World();
        Sync cleanSync = clean.reimportAccepted();
        int from = clean.procore.calls().size();
        clean.write(clean.worker("w1"), cleanSync.syncId());
        List<String> calls = clean.procore.calls().subList(from, clean.procore.calls().size());
        assertEquals(List.of("primeContract", "lineItems", "updatePrimeContract", "syncLineItems", "deleteLineItem",
                "updatePrimeContract"), calls, "the re-import's calls: the contract, its lines, Draft, one batch (B and"
                + " C), one removal (D), Approved again");
        for (int k = 0; k < calls.size(); k++) {
            String op = calls.get(k);
            int nth = (int) calls.subList(0, k + 1).stream().filter(op::equals).count();
            World w = new World();
            Sync accepted = w.reimportAccepted();
            w.procore.fail(op, nth, Fault.CRASH_AFTER);
            assertThrows(InMemoryProcore.Crash.class, () -> w.write(w.worker("dies"), accepted.syncId()),
                    "crash after call " + k + " (" + op + ")");
            assertEquals(Sync.Status.WRITING, w.sync(accepted.syncId()).status());
            SyncWriter next = w.worker("next");
            assertInstanceOf(SyncWriter.Busy.class, w.write(next, accepted.syncId()), "the dead worker's lease still runs");
            w.clock.advance(LEASE.plusSeconds(1));
            SyncWriter.Done done = assertInstanceOf(SyncWriter.Done.class, w.write(next, accepted.syncId()),
                    "resumed after call " + k + " (" + op + ")");
            assertEquals(Sync.Status.APPLIED, done.status());
            w.assertProcoreHolds(V2);
            assertEquals("Approved", w.status(), "back in its status after call " + k + " (" + op + ")");
            assertEquals(3, w.sync(accepted.syncId()).linesWritten(), "the earlier attempt's writes count as written");
        }
    }

    /** The same for an import, whose first write creates the prime contract: never a second one. */
    @Test
    void anImportWhoseWorkerDiesAfterAnyCallIsResumedIntoOnePrimeContract() {
        World clean = new World();
        Sync cleanSync = clean.importIt();
        clean.write(clean.worker("w1"), cleanSync.syncId());
        List<String> calls = clean.procore.calls();
        for (int k = 0; k < calls.size(); k++) {
            String op = calls.get(k);
            int nth = (int) calls.subList(0, k + 1).stream().filter(op::equals).count();
            for (Fault fault : List.of(Fault.CRASH_AFTER, Fault.AFTER, Fault.BEFORE)) {
                World w = new World();
                Sync accepted = w.importIt();
                w.procore.fail(op, nth, fault);
                SyncWriter first = w.worker("w");
                SyncWriter worker = first;
                if (fault == Fault.CRASH_AFTER) {
                    assertThrows(InMemoryProcore.Crash.class, () -> w.write(first, accepted.syncId()));
                    w.clock.advance(LEASE.plusSeconds(1));
                    worker = w.worker("next");
                } else {
                    SyncWriter.Outcome later = w.write(first, accepted.syncId());
                    assertTrue(later instanceof SyncWriter.Later || later instanceof SyncWriter.Done,
                            fault + " at " + op + ": " + later);
                }
                SyncWriter.Outcome outcome = w.write(worker, accepted.syncId());
                SyncWriter.Done done = assertInstanceOf(SyncWriter.Done.class, outcome, fault + " at " + op);
                assertEquals(Sync.Status.APPLIED, w.sync(accepted.syncId()).status(), fault + " at " + op);
                assertTrue(done.status() == Sync.Status.APPLIED);
                w.assertProcoreHolds(V1);
                assertEquals("Approved", w.status(), fault + " at " + op);
            }
        }
    }

    @Test
    void aFailureOfTheStoreAfterAnyStepIsResumedByTheRedeliveryToTheSameWorker() {
        for (String op : List.of("leaseSync", "syncProgress", "finishSync")) {
            for (boolean afterWriting : List.of(true, false)) {
                World w = new World();
                Sync accepted = w.reimportAccepted();
                SyncWriter worker = w.worker("w1");
                w.store.failNext(op, afterWriting);
                assertThrows(IllegalStateException.class, () -> w.write(worker, accepted.syncId()), op);
                SyncWriter.Done done = assertInstanceOf(SyncWriter.Done.class, w.write(worker, accepted.syncId()),
                        op + (afterWriting ? " after writing" : " before writing"));
                assertEquals(Sync.Status.APPLIED, done.status());
                assertEquals(Sync.Status.APPLIED, w.sync(accepted.syncId()).status());
                w.assertProcoreHolds(V2);
            }
        }
    }

    @Test
    void aSyncAnotherLiveWorkerHoldsIsLeftAlone() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        ContractHead head = w.store.head(COMPANY, "PC-1").orElseThrow();
        assertTrue(w.store.leaseSync(COMPANY, "PC-1", head.active().revision(), accepted.syncId(), "other",
                w.clock.millis(), w.clock.millis() + LEASE.toMillis()));
        int calls = w.procore.calls().size();
        SyncWriter.Busy busy = assertInstanceOf(SyncWriter.Busy.class, w.write(w.worker("w1"), accepted.syncId()));
        assertEquals(RETRY, busy.retryAfter());
        assertEquals(calls, w.procore.calls().size(), "Procore was not called");
    }

    @Test
    void aWorkerWhoseLeaseWasTakenStopsAtItsNextProgressWrite() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        ContractHead head = w.store.head(COMPANY, "PC-1").orElseThrow();
        long revision = head.active().revision();
        // taken for dead while it read Procore's lines: another worker holds the lease when it reports progress
        w.procore.on("lineItems", 1, () -> {
            w.clock.advance(LEASE.plusSeconds(1));
            assertTrue(w.store.leaseSync(COMPANY, "PC-1", revision, accepted.syncId(), "thief", w.clock.millis(),
                    w.clock.millis() + LEASE.toMillis()));
        });
        SyncWriter slow = w.worker("slow");
        long deletes = count(w.procore.calls(), "deleteLineItem");
        assertInstanceOf(SyncWriter.Busy.class, w.write(slow, accepted.syncId()));
        assertEquals(deletes, count(w.procore.calls(), "deleteLineItem"), "it wrote nothing after losing the lease");
        SyncWriter.Done done = assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("thief"), accepted.syncId()));
        assertEquals(Sync.Status.APPLIED, done.status());
        w.assertProcoreHolds(V2);
    }

    @Test
    void procoresRateLimitHandsTheSyncBackWithItsLeaseReleased() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        w.procore.fail("lineItems", 1, Fault.RATE_LIMITED);
        SyncWriter.Later later = assertInstanceOf(SyncWriter.Later.class, w.write(w.worker("w1"), accepted.syncId()));
        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), later.retryAt());
        // released: another worker takes it at once, without waiting for the lease to run out
        assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w2"), accepted.syncId()));
        w.assertProcoreHolds(V2);
    }

    @Test
    void aRefusalEndsTheSyncFailedInWordsAndLeavesTheChangesToReimport() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        w.procore.fail("syncLineItems", 1, Fault.REFUSED);
        Sync failed = w.writeFails(accepted.syncId(), "PROCORE_PERMISSION_DENIED");
        assertTrue(failed.error().message().contains("Admin on the Prime Contracts tool"), failed.error().message());
        ContractHead head = w.store.head(COMPANY, "PC-1").orElseThrow();
        assertEquals(1L, head.syncedErpVersion(), "Procore still reads as holding version 1");
        assertTrue(head.pending().any(), "so the changes can be re-imported");
    }

    @Test
    void recordsProcoreRefusesAreTriedOnceMoreThenNamedInTheFailure() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        w.procore.refuseRecord("PC-1:C", "uom is not a unit of measure of the company");
        Sync failed = w.writeFails(accepted.syncId(), "PROCORE_RECORDS_REFUSED");
        assertTrue(failed.error().message().contains("C (uom is not a unit of measure of the company)"),
                failed.error().message());
        assertEquals(2, count(w.procore.calls().subList(w.procore.calls().lastIndexOf("lineItems"),
                w.procore.calls().size()), "syncLineItems"), "the batch, then the refused record alone");

        // fixed on Procore's side: the next re-import writes only what still differs
        w.procore.acceptRecord("PC-1:C");
        Sync again = w.syncs.reimport(w.admin, COMPANY, "PC-1", 2L, "sync-again", false);
        assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w1"), again.syncId()));
        w.assertProcoreHolds(V2);
    }

    @Test
    void aUnitProcoresCompanyListLacksIsNamedWithTheWaysToAddOrMapIt() {
        World w = new World();
        w.procore.units(Set.of("EA", "LS"));
        List<LineItem> sqft = List.of(line("A", "100.00"), Fixtures.unitLine("B", "10", "SQFT", "25.00", "250.00"),
                Fixtures.unitLine("C", "2", "SQFT", "25.00", "50.00"));
        Sync accepted = w.reimportAccepted(sqft);
        Sync failed = w.writeFails(accepted.syncId(), "PROCORE_UNIT_UNKNOWN");
        String message = failed.error().message();
        assertTrue(message.contains("\"SQFT\" (lines B, C)"), message);
        assertTrue(message.contains("Units of Measure list in Procore's Company Admin"), message);
        assertTrue(message.contains("PROCORE_UNIT_MAP, for example {\"SQFT\": \"EA\"}"), message);
        assertEquals("Approved", w.status(), "the contract is back in its status");

        // mapped to a unit of the company's list: written, and what Procore then holds is no drift
        w.rules = new ProcoreRules(PerCompany.of(ProcoreRules.UNLOCK), PerCompany.of(ProcoreRules.APPROVED),
                UnitMap.read(new Settings(Map.of(ProcoreRules.UNIT_MAP, "{\"SQFT\": \"EA\"}")::get),
                        ProcoreRules.UNIT_MAP));
        Sync again = w.syncs.reimport(w.admin, COMPANY, "PC-1", accepted.erpVersion(), "sync-mapped", false);
        SyncWriter.Done applied = assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w1"), again.syncId()));
        assertEquals(Sync.Status.APPLIED, applied.status());
        assertEquals(List.of("EA", "EA"), w.procore.linesOf(w.procore.contractsIn(PROJECT).get(0).id()).stream().map(Line::uom)
                .filter(Objects::nonNull).toList());
    }

    @Test
    void linesAnotherIntegrationWroteAreNeverTouchedAndTheSyncSaysWhoseTheyAre() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        String pc = w.procore.contractsIn(PROJECT).get(0).id();
        w.procore.handEdit(pc, "ERPX-778", "Retainage holdback (billing system)", "75.00");
        int from = w.procore.calls().size();
        Sync failed = w.writeFails(accepted.syncId(), "PROCORE_LINES_OWNED_ELSEWHERE");
        assertTrue(failed.error().message().contains("\"Retainage holdback (billing system)\" (origin_id ERPX-778)"),
                failed.error().message());
        assertEquals(List.of("primeContract", "lineItems"), w.procore.calls().subList(from, w.procore.calls().size()),
                "read only: nothing written, the contract's status untouched");
        assertEquals("Approved", w.status());
        assertEquals(1, w.procore.linesOf(pc).stream().filter(l -> "ERPX-778".equals(l.originId())).count());
    }

    @Test
    void aRefusalThatWasPassingTroubleGoesThroughOnTheSecondTry() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        w.procore.refuseRecord("PC-1:C", "try again");
        w.procore.on("syncLineItems", 2, () -> w.procore.acceptRecord("PC-1:C"));
        SyncWriter.Done done = assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w1"), accepted.syncId()));
        assertEquals(Sync.Status.APPLIED, done.status());
        w.assertProcoreHolds(V2);
    }

    @Test
    void linesThatAreNoLongerStoredFailTheSyncWithoutWritingToProcore() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        ContractHead head = w.store.head(COMPANY, "PC-1").orElseThrow();
        w.store.loseLineSet(w.contract, head.active().target());
        int calls = w.procore.calls().size();
        SyncWriter.Done done = assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w1"), accepted.syncId()));
        assertEquals(Sync.Status.FAILED, done.status());
        assertEquals("LINES_MISSING", w.sync(accepted.syncId()).error().code());
        assertEquals(calls, w.procore.calls().size());
    }

    @Test
    void withTooLittleTimeLeftTheSyncIsHandedBackAtOnceWithItsLeaseReleased() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        SyncWriter.Later later = assertInstanceOf(SyncWriter.Later.class,
                w.write(w.worker("w1"), accepted.syncId(), 1_000));
        assertEquals(w.clock.instant(), later.retryAt());
        assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w2"), accepted.syncId()));
    }

    @Test
    void aRedeliveryOfAnEndedSyncIsDoneWithoutCallingProcore() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        w.write(w.worker("w1"), accepted.syncId());
        int calls = w.procore.calls().size();
        SyncWriter.Done again = assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w2"), accepted.syncId()));
        assertEquals(Sync.Status.APPLIED, again.status());
        assertNull(again.ended(), "this attempt ended nothing");
        assertEquals(calls, w.procore.calls().size());
    }

    // ---------------------------------------------------------------- Procore's lock on a schedule of values

    @Test
    void aRefusalAfterTheContractWasSetToDraftLeavesItBackInItsStatus() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        w.procore.refuseRecord("PC-1:C", "uom is not a unit of measure of the company");
        SyncWriter.Done done = assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w1"), accepted.syncId()));
        assertEquals(Sync.Status.FAILED, done.status());
        assertEquals("Approved", w.status(), "never left in Draft by the product");
        assertEquals("Approved", w.sync(accepted.syncId()).restoreStatus(), "the audit says what it unlocked");
    }

    @Test
    void procoresLimitDuringTheRestoreHandsTheSyncBackUntilTheStatusIsRestored() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        w.procore.fail("deleteLineItem", 1, Fault.REFUSED);
        // the restore after the refusal meets Procore's limit: the sync is not ended half-way
        w.procore.fail("updatePrimeContract", 2, Fault.RATE_LIMITED);
        assertInstanceOf(SyncWriter.Later.class, w.write(w.worker("w1"), accepted.syncId()));
        assertEquals("Draft", w.status(), "not restored yet");
        assertEquals(Sync.Status.WRITING, w.sync(accepted.syncId()).status());
        assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w2"), accepted.syncId()));
        assertEquals("Approved", w.status(), "restored by the next attempt, which found nothing more to refuse");
        w.assertProcoreHolds(V2);
    }

    @Test
    void aCompanyThatRefusesToUnlockGetsProcoreSovLockedAndProcoreIsUntouched() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        w.rules = new ProcoreRules(PerCompany.of(ProcoreRules.REFUSE),
                PerCompany.of(ProcoreRules.APPROVED), UnitMap.NONE);
        int from = w.procore.calls().size();
        assertLockedAndUntouched(w, accepted, "PROCORE_LOCKED_SOV is refuse");
        assertEquals(List.of("primeContract", "lineItems"), w.procore.calls().subList(from, w.procore.calls().size()),
                "read only");
    }

    /** The sync failed with PROCORE_SOV_LOCKED, its message saying so, and Procore holds what it held, Approved. */
    private static void assertLockedAndUntouched(World w, Sync accepted, String saying) {
        Sync failed = w.writeFails(accepted.syncId(), "PROCORE_SOV_LOCKED");
        assertTrue(failed.error().message().contains(saying), failed.error().message());
        w.assertProcoreHolds(V1);
        assertEquals("Approved", w.status());
    }

    /** The rules of a company that keeps contracts out of Draft locked, in projects whose SOV is always editable. */
    private static ProcoreRules keptButAlwaysEditable() {
        return new ProcoreRules(PerCompany.of(ProcoreRules.REFUSE), PerCompany.of(ProcoreRules.APPROVED), UnitMap.NONE,
                PerCompany.of("on"));
    }

    @Test
    void anAlwaysEditableScheduleOfValuesIsWrittenAsItIsWhenNothingIsDeleted() {
        World w = new World();
        List<LineItem> raised = List.of(line("A", "100.00"), line("B", "250.00"), line("D", "40.00"), line("E", "5.00"));
        Sync accepted = w.reimportAccepted(raised);
        w.rules = keptButAlwaysEditable();
        w.procore.alwaysEditable(true, Map.of());
        int from = w.procore.calls().size();
        SyncWriter.Done done = assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w1"), accepted.syncId()));
        assertEquals(Sync.Status.APPLIED, done.status());
        w.assertProcoreHolds(raised);
        assertEquals("Approved", w.status());
        assertFalse(w.procore.calls().subList(from, w.procore.calls().size()).contains("updatePrimeContract"),
                "the contract's status never touched");
    }

    @Test
    void anAlwaysEditableScheduleOfValuesIsNotWrittenWhenTheReimportDeletesALine() {
        World w = new World();
        Sync accepted = w.reimportAccepted(); // V2 removes D
        w.rules = keptButAlwaysEditable();
        w.procore.alwaysEditable(true, Map.of());
        assertLockedAndUntouched(w, accepted, "removes 1 line");
    }

    @Test
    void whereProcoreWillNotSetTheContractBackToDraftAnAlwaysEditableOneIsWrittenAsItIs() {
        World w = new World();
        List<LineItem> raised = List.of(line("A", "100.00"), line("B", "250.00"), line("D", "40.00"));
        Sync accepted = w.reimportAccepted(raised);
        w.rules = new ProcoreRules(PerCompany.of(ProcoreRules.UNLOCK), PerCompany.of(ProcoreRules.APPROVED),
                UnitMap.NONE, PerCompany.of("on"));
        w.procore.backToDraft(false);
        w.procore.alwaysEditable(true, Map.of());
        SyncWriter.Done done = assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("w1"), accepted.syncId()));
        assertEquals(Sync.Status.APPLIED, done.status(), () -> String.valueOf(w.sync(accepted.syncId()).error()));
        w.assertProcoreHolds(raised);
        assertEquals("Approved", w.status());
    }

    @Test
    void aLineLoweredBelowWhatWasBilledIsRefusedByProcoreAndSaysSo() {
        World w = new World();
        List<LineItem> lowered = List.of(line("A", "100.00"), line("B", "110.00"), line("D", "40.00"));
        Sync accepted = w.reimportAccepted(lowered);
        w.rules = keptButAlwaysEditable();
        w.procore.alwaysEditable(true, Map.of("PC-1:B", "120.00")); // 60 % of B's 200.00 billed
        Sync failed = w.writeFails(accepted.syncId(), "PROCORE_SOV_LOCKED");
        assertTrue(failed.error().message().contains("B (cannot be less than the amount already billed (120.00))"),
                failed.error().message());
        assertTrue(failed.error().message().contains("owner invoices billed"), failed.error().message());
        w.assertProcoreHolds(V1);
        assertEquals("Approved", w.status());
    }

    @Test
    void anImportFindingAPrimeContractAnotherIntegrationWroteWithItsIdWritesNothing() {
        World w = new World();
        PrimeContract theirs = w.procore.addForeignPrimeContract(PROJECT, "PC-1", "erp-integrations:77", "Procore ERP");
        Sync accepted = w.importIt();
        int from = w.procore.calls().size();
        Sync failed = w.writeFails(accepted.syncId(), "PROCORE_CONTRACT_OWNED_ELSEWHERE");
        assertTrue(failed.error().message().contains("origin_data \"erp-integrations:77\", created by Procore ERP"),
                failed.error().message());
        assertEquals(List.of("primeContracts"), w.procore.calls().subList(from, w.procore.calls().size()),
                "found by its origin id, and nothing written");
        assertEquals(List.of("Their line"), w.procore.linesOf(theirs.id()).stream().map(Line::description).toList());
        assertEquals("Approved", w.status());
    }

    @Test
    void whereProcoreWillNotSetTheContractBackToDraftNothingIsWritten() {
        World w = new World();
        Sync accepted = w.reimportAccepted();
        w.procore.backToDraft(false);
        assertLockedAndUntouched(w, accepted, "refused to set it back to Draft");
    }

    @Test
    void anImportOfAContractUnapprovedSinceItWasAcceptedOrForACompanyThatKeepsDraftEndsInDraft() {
        World unapproved = new World();
        Sync one = unapproved.importIt();
        unapproved.store.change(unapproved.contract, c -> c.status = ContractStatus.UNAPPROVED);
        assertInstanceOf(SyncWriter.Done.class, unapproved.write(unapproved.worker("w1"), one.syncId()));
        assertEquals("Draft", unapproved.status(), "an unapproved contract is not approved in Procore either");
        unapproved.assertProcoreHolds(V1);

        World draft = new World();
        draft.rules = new ProcoreRules(PerCompany.of(ProcoreRules.UNLOCK), PerCompany.of(ProcoreRules.DRAFT),
                UnitMap.NONE);
        Sync two = draft.importIt();
        assertInstanceOf(SyncWriter.Done.class, draft.write(draft.worker("w1"), two.syncId()));
        assertEquals("Draft", draft.status(), "the company's choice");
        draft.assertProcoreHolds(V1);
    }

    /**
     * Lump sum to unit price: Procore will not switch the accounting method of a contract with lines, so the lines go,
     * the method switches, and the lines come back, all in Draft; a worker dying after any of those calls is resumed.
     */
    @Test
    void aContractWhosePricingChangesIsRewrittenUnderItsNewAccountingMethod() {
        List<LineItem> unit = List.of(Fixtures.unitLine("A", "10", "EA", "10.00", "100.00"),
                line("B", "250.00"));
        World clean = new World();
        Sync cleanSync = clean.reimportAccepted(unit);
        int from = clean.procore.calls().size();
        assertInstanceOf(SyncWriter.Done.class, clean.write(clean.worker("w1"), cleanSync.syncId()));
        List<String> calls = List.copyOf(clean.procore.calls().subList(from, clean.procore.calls().size()));
        assertEquals(List.of("primeContract", "lineItems", "updatePrimeContract", "deleteLineItem", "deleteLineItem",
                "deleteLineItem", "updatePrimeContract", "syncLineItems", "updatePrimeContract"), calls,
                "Draft, every line removed, the method switched, the lines written, Approved");
        clean.assertProcoreHolds(unit);
        assertEquals("unit", clean.procore.contractsIn(PROJECT).get(0).accountingMethod());
        assertEquals("Approved", clean.status());
        for (int k = 0; k < calls.size(); k++) {
            String op = calls.get(k);
            int nth = (int) calls.subList(0, k + 1).stream().filter(op::equals).count();
            World w = new World();
            Sync accepted = w.reimportAccepted(unit);
            w.procore.fail(op, nth, Fault.CRASH_AFTER);
            assertThrows(InMemoryProcore.Crash.class, () -> w.write(w.worker("dies"), accepted.syncId()));
            w.clock.advance(LEASE.plusSeconds(1));
            assertInstanceOf(SyncWriter.Done.class, w.write(w.worker("next"), accepted.syncId()), "after " + op);
            w.assertProcoreHolds(unit);
            assertEquals("unit", w.procore.contractsIn(PROJECT).get(0).accountingMethod(), "after " + op);
            assertEquals("Approved", w.status(), "after call " + k + " (" + op + ")");
        }
    }

    private static long count(List<String> calls, String op) {
        return calls.stream().filter(op::equals).count();
    }
}
