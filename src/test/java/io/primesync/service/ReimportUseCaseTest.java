package io.primesync.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.domain.Caller;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.Level;
import io.primesync.domain.LineItem;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.ProjectName;
import io.primesync.domain.Reason;
import io.primesync.domain.ReasonCode;
import io.primesync.domain.Sync;
import io.primesync.procore.ProcoreException;
import io.primesync.config.Settings;
import io.primesync.store.ContractDetail;
import io.primesync.store.EventStamp;
import io.primesync.store.ContractHead;
import io.primesync.store.ContractRecords;
import io.primesync.store.LineSetRef;
import io.primesync.store.Listing;
import io.primesync.store.Page;
import io.primesync.testing.InMemoryStore;
import io.primesync.testing.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The import and re-import use cases over an in-memory store: their refusals, races, resumption and queueing. */
class ReimportUseCaseTest {
    private static final String COMPANY = "1001";
    private static final String PROJECT = "2002";
    private static final List<LineItem> V1 = List.of(LineItem.lumpSum("A", "General conditions", "100.00"),
            LineItem.lumpSum("B", "Concrete", "200.00"));
    private static final List<LineItem> V2 = List.of(LineItem.lumpSum("A", "General conditions", "100.00"),
            LineItem.lumpSum("B", "Concrete", "250.00"), LineItem.lumpSum("C", "Painting", "50.00"));

    /** The projects Procore has, or, when {@link #down}, an answer that cannot be had. */
    private static final class Projects implements ProjectDirectory {
        final Set<String> ids = new TreeSet<>(Set.of(PROJECT, "2003"));
        boolean down;

        @Override
        public boolean exists(String companyId, String projectId) {
            if (down) {
                throw new ProcoreException.Unavailable("Procore did not answer", null);
            }
            return ids.contains(projectId);
        }
    }

    /** The messages sent, or, when {@link #broken}, a queue that cannot be reached. */
    private static final class Queue implements SyncQueue {
        final List<String> sent = new ArrayList<>();
        boolean broken;

        @Override
        public void enqueue(String companyId, String contractId, String syncId, long revision, int delaySeconds) {
            if (broken) {
                throw new IllegalStateException("queue unreachable");
            }
            sent.add(contractId + "/" + syncId + "@" + revision);
        }
    }

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final Projects projects = new Projects();
    private final Queue queue = new Queue();
    private final ContractService contracts = new ContractService(store, ProcoreRules.DEFAULT);
    private final SyncService syncs = new SyncService(store, projects, queue, clock);
    private final Caller admin = new Caller("user-1", Map.of(COMPANY, Map.of(Caller.ERP_INTEGRATIONS, Level.ADMIN)),
            Map.of(PROJECT, Map.of(Caller.PRIME_CONTRACTS, Level.ADMIN)));
    private InMemoryStore.Contract ready;

    @BeforeEach
    void aContractImportedAtVersionOneAndChangedSince() {
        store.syncJob(COMPANY, "J-1", PROJECT);
        ready = store.put(COMPANY, "PC-1", "J-1", V1);
        syncs.importContract(admin, COMPANY, "PC-1", null, "sync-import", false);
        store.finish(COMPANY, "PC-1", true);
        store.change(ready, c -> {
            c.erpVersion = 2;
            c.current(V2);
        });
        queue.sent.clear();
    }

    private static List<ReasonCode> codes(List<Reason> reasons) {
        return reasons.stream().map(Reason::code).toList();
    }

    @Test
    void aReadyContractIsAcceptedOnceWithWhatThePreviewShowedAndQueuedForTheWorker() {
        ContractService.Evaluation preview = contracts.evaluate(admin, COMPANY, "PC-1");
        assertTrue(preview.reasons().isEmpty());
        Sync sync = syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", false);
        assertEquals(Sync.Kind.REIMPORT, sync.kind());
        assertEquals(Sync.Status.PENDING, sync.status());
        assertEquals(2, sync.erpVersion());
        assertEquals(PROJECT, sync.projectId());
        assertEquals("5001", sync.procorePrimeContractId(), "the prime contract the import made");
        assertEquals("300.00", sync.previousAmount().toPlainString());
        assertEquals("400.00", sync.newAmount().toPlainString());
        assertEquals(List.of(1, 1, 0), List.of(sync.added(), sync.changed(), sync.removed()));
        assertEquals(List.of(0, 2), List.of(sync.linesWritten(), sync.linesTotal()));
        assertEquals("user-1", sync.requestedBy());
        assertNull(sync.finishedAt());
        assertEquals(V1, ready.synced(), "nothing reads as synced before the worker applied it");
        assertEquals(List.of("PC-1/sync-1@" + ready.activeRevision()), queue.sent);
        assertEquals(2, store.commits(), "the import and this re-import");
    }

    @Test
    void aCompanyThatKeepsLockedContractsIsRefusedUpFrontWhileProcoreHasItsContractOutOfDraft() {
        ProcoreRules keeps = ProcoreRules.from(new Settings(Map.of(ProcoreRules.LOCKED_SOV,
                "{\"*\": \"unlock\", \"" + COMPANY + "\": \"refuse\"}")::get));
        ContractService keeping = new ContractService(store, keeps);
        SyncService keepingSyncs = new SyncService(store, projects, queue, clock, keeps);
        assertEquals(List.of(), keeping.evaluate(admin, COMPANY, "PC-1").reasons(), "Procore's status not read yet");

        store.applyProcoreStatus(COMPANY, "PC-1", "5001", "Approved", new EventStamp(clock.millis(), "read-1"));
        List<Reason> reasons = keeping.evaluate(admin, COMPANY, "PC-1").reasons();
        assertEquals(List.of(ReasonCode.PROCORE_SOV_LOCKED), codes(reasons));
        assertEquals("Approved", ((Map<?, ?>) reasons.get(0).details()).get("procoreStatus"));
        Refusal.NotAllowed refused = assertThrows(Refusal.NotAllowed.class,
                () -> keepingSyncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", false));
        assertEquals(List.of(ReasonCode.PROCORE_SOV_LOCKED), codes(refused.reasons()));
        assertEquals(List.of(), queue.sent, "nothing accepted");
        assertEquals(List.of(), contracts.evaluate(admin, COMPANY, "PC-1").reasons(),
                "a company that unlocks is not refused");

        store.applyProcoreStatus(COMPANY, "PC-1", "5001", "Draft", new EventStamp(clock.millis() + 1, "read-2"));
        assertEquals(List.of(), keeping.evaluate(admin, COMPANY, "PC-1").reasons(), "back in Draft in Procore");
    }

    @Test
    void whileASyncIsActiveEligibilitySaysSoAndNoSecondOneIsAccepted() {
        syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", false);
        assertEquals(List.of(ReasonCode.SYNC_IN_PROGRESS),
                codes(contracts.evaluate(admin, COMPANY, "PC-1").reasons()));
        Refusal.NotAllowed refused = assertThrows(Refusal.NotAllowed.class,
                () -> syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-2", false));
        assertEquals(List.of(ReasonCode.SYNC_IN_PROGRESS), codes(refused.reasons()));
        store.finish(COMPANY, "PC-1", true);
        assertEquals(V2, ready.synced());
        assertEquals(List.of(ReasonCode.NO_UNSYNCED_CHANGES),
                codes(contracts.evaluate(admin, COMPANY, "PC-1").reasons()));
    }

    @Test
    void aFailedSyncLeavesTheChangesToReimportAgain() {
        syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", false);
        Sync failed = store.finish(COMPANY, "PC-1", false);
        assertEquals(Sync.Status.FAILED, failed.status());
        assertEquals(V1, ready.synced());
        assertTrue(contracts.evaluate(admin, COMPANY, "PC-1").reasons().isEmpty());
        assertEquals(Sync.Status.PENDING, syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-2", false).status());
    }

    @Test
    void everyFailingRuleIsAReasonAndNothingIsAccepted() {
        store.change(ready, c -> {
            c.status = ContractStatus.UNAPPROVED;
            c.approve("PCCO-1", PROJECT);
        });
        Refusal.NotAllowed refused = assertThrows(Refusal.NotAllowed.class,
                () -> syncs.reimport(admin, COMPANY, "PC-1", null, "sync-1", false));
        assertEquals(Refusal.NotAllowed.Operation.REIMPORT, refused.operation());
        assertEquals(List.of(ReasonCode.CONTRACT_UNAPPROVED, ReasonCode.APPROVED_CHANGE_ORDERS), codes(refused.reasons()));
        assertEquals(1, store.commits());
        assertEquals(List.of(), queue.sent);
    }

    @Test
    void aCallerWithoutAdminIsRefusedWithTheMissingPermissionAmongTheReasons() {
        Caller viewer = new Caller("user-2", Map.of(COMPANY, Map.of(Caller.ERP_INTEGRATIONS, Level.READ_ONLY)), Map.of());
        Refusal.NotAllowed refused = assertThrows(Refusal.NotAllowed.class,
                () -> syncs.reimport(viewer, COMPANY, "PC-1", null, "sync-1", false));
        assertEquals(List.of(ReasonCode.MISSING_PERMISSION), codes(refused.reasons()));
    }

    @Test
    void aCallerWhoCannotReadTheCompanyLearnsNothing() {
        Caller stranger = new Caller("user-3", Map.of("9009", Map.of(Caller.ERP_INTEGRATIONS, Level.ADMIN)), Map.of());
        assertThrows(Refusal.NoAccess.class, () -> syncs.reimport(stranger, COMPANY, "PC-1", null, "s", false));
        assertThrows(Refusal.NoAccess.class, () -> syncs.reimport(stranger, COMPANY, "NOPE", null, "s", false));
        assertThrows(Refusal.NoAccess.class, () -> syncs.importContract(stranger, COMPANY, "NOPE", null, "s", false));
    }

    @Test
    void anUnknownContractIsNotFound() {
        assertThrows(Refusal.NotFound.class, () -> syncs.reimport(admin, COMPANY, "NOPE", null, "sync-1", false));
        assertThrows(Refusal.NotFound.class, () -> syncs.importContract(admin, COMPANY, "NOPE", null, "sync-1", false));
    }

    @Test
    void aPreviewOfAnEarlierVersionIsStale() {
        Refusal.StalePreview stale = assertThrows(Refusal.StalePreview.class,
                () -> syncs.reimport(admin, COMPANY, "PC-1", 1L, "sync-1", false));
        assertTrue(stale.getMessage().contains("version 1") && stale.getMessage().contains("version 2"));
        assertEquals(1, store.commits());
    }

    @Test
    void aRaceLostToAnotherReimportIsEvaluatedAgainAndFindsNothingLeft() {
        store.beforeNextCommit(c -> c.synced(c.erpVersion, c.current()));
        Refusal.NotAllowed refused = assertThrows(Refusal.NotAllowed.class,
                () -> syncs.reimport(admin, COMPANY, "PC-1", null, "sync-1", false));
        assertEquals(List.of(ReasonCode.NO_UNSYNCED_CHANGES), codes(refused.reasons()));
    }

    @Test
    void aRaceLostToASyncAcceptedMeanwhileIsRefusedAsInProgress() {
        Sync other = Sync.accepted("sync-other", Sync.Kind.REIMPORT, "PC-1", PROJECT, "5001", 2, null, null,
                PendingChanges.NONE, clock.instant(), "user-9");
        store.beforeNextCommit(c -> {
            c.activate(other);
        });
        Refusal.NotAllowed refused = assertThrows(Refusal.NotAllowed.class,
                () -> syncs.reimport(admin, COMPANY, "PC-1", null, "sync-1", false));
        assertEquals(List.of(ReasonCode.SYNC_IN_PROGRESS), codes(refused.reasons()));
        assertEquals(List.of(), queue.sent);
    }

    @Test
    void aRaceLostToAnUnrelatedChangeIsEvaluatedAgainAndAccepted() {
        store.beforeNextCommit(c -> c.link(PROJECT));
        Sync sync = syncs.reimport(admin, COMPANY, "PC-1", null, "sync-1", false);
        assertEquals("sync-1", sync.syncId());
        assertEquals(2, store.commits());
    }

    @Test
    void aContractThatKeepsChangingEndsInAConflictThatIsSafeToRetry() {
        InMemoryStore.Contract c = ready;
        SyncService busy = new SyncService(new DelegatingRecords(store) {
            @Override
            public Sync acceptSync(String companyId, ContractDetail basis, Sync pending, LineSetRef target) {
                store.change(c, x -> { });
                return super.acceptSync(companyId, basis, pending, target);
            }
        }, projects, queue, clock);
        assertThrows(Refusal.Conflict.class, () -> busy.reimport(admin, COMPANY, "PC-1", null, "sync-1", false));
        assertEquals(1, store.commits(), "nothing was accepted");
        assertEquals(List.of(), queue.sent);
    }

    @Test
    void aRetryAfterALostAnswerFindsItsSyncAndQueuesItAgainWithoutAcceptingTwice() {
        store.loseNextCommitAnswer();
        assertThrows(IllegalStateException.class, () -> syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", false));
        assertEquals(2, store.commits());
        assertEquals(List.of(), queue.sent, "the lost answer never reached the queue");
        Sync resumed = syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", true);
        assertEquals("sync-1", resumed.syncId());
        assertEquals(2, store.commits(), "the retry answered with the sync it found");
        assertEquals(List.of("PC-1/sync-1@" + ready.activeRevision()), queue.sent, "and queued it, as it may never was");
    }

    @Test
    void aResumedSyncThatWasNeverAcceptedIsEvaluatedAndAccepted() {
        Sync sync = syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-never", true);
        assertEquals("sync-never", sync.syncId());
        assertEquals(2, store.commits());
    }

    @Test
    void aResumedSyncFollowedByOthersIsStillFoundInTheHistoryAsItEnded() {
        syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", false);
        store.finish(COMPANY, "PC-1", true);
        store.change(ready, c -> {
            c.erpVersion = 3;
            c.current(V1);
        });
        syncs.reimport(admin, COMPANY, "PC-1", 3L, "sync-2", false);
        store.finish(COMPANY, "PC-1", true);
        Sync again = syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", true);
        assertEquals("sync-1", again.syncId());
        assertEquals(Sync.Status.APPLIED, again.status());
        assertEquals(2, again.erpVersion());
        assertEquals(3, store.commits());
    }

    /** Who may import into this project: Standard on ERP Integrations, Admin on the project's Prime Contracts. */
    private static Caller importer(String projectId) {
        return new Caller("user-1", Map.of(COMPANY, Map.of(Caller.ERP_INTEGRATIONS, Level.STANDARD)),
                Map.of(projectId, Map.of(Caller.PRIME_CONTRACTS, Level.ADMIN)));
    }

    @Test
    void theFirstImportGoesToTheJobsProjectAndLinksItOnceApplied() {
        store.syncJob(COMPANY, "J-2", "2003");
        store.put(COMPANY, "PC-2", "J-2", V1);
        Caller both = importer("2003");
        Sync sync = syncs.importContract(both, COMPANY, "PC-2", null, "sync-i", false);
        assertEquals(Sync.Kind.IMPORT, sync.kind());
        assertEquals("2003", sync.projectId());
        assertNull(sync.procorePrimeContractId(), "the worker creates it");
        assertEquals(List.of(2, 0, 0), List.of(sync.added(), sync.changed(), sync.removed()));
        assertEquals("0.00", sync.previousAmount().setScale(2).toPlainString());
        assertTrue(store.contract(COMPANY, "PC-2").links.isEmpty(), "linked once applied, not before");
        store.finish(COMPANY, "PC-2", true);
        ContractHead head = store.head(COMPANY, "PC-2").orElseThrow();
        assertEquals(List.of("2003"), head.linkedProjectIds());
        assertEquals(1L, head.syncedErpVersion());
        Refusal.NotAllowed again = assertThrows(Refusal.NotAllowed.class,
                () -> syncs.importContract(both, COMPANY, "PC-2", null, "sync-j", false));
        assertEquals(Refusal.NotAllowed.Operation.IMPORT, again.operation());
        assertEquals(List.of(ReasonCode.ALREADY_IMPORTED), codes(again.reasons()));
        Sync retried = syncs.importContract(both, COMPANY, "PC-2", null, "sync-i", true);
        assertEquals(Sync.Status.APPLIED, retried.status(), "a retry of the same import is answered, not refused");
    }

    @Test
    void anImportOfAnotherVersionThanThePreviewedOneIsAStalePreview() {
        store.syncJob(COMPANY, "J-4", "2003");
        store.put(COMPANY, "PC-4", "J-4", V1);
        Caller both = importer("2003");
        long current = store.head(COMPANY, "PC-4").orElseThrow().erpVersion();
        Refusal.StalePreview stale = assertThrows(Refusal.StalePreview.class,
                () -> syncs.importContract(both, COMPANY, "PC-4", current + 1, "sync-s", false));
        assertTrue(stale.getMessage().endsWith("then import."), stale.getMessage());
        assertNull(store.head(COMPANY, "PC-4").orElseThrow().active(), "nothing was accepted");
        Sync sync = syncs.importContract(both, COMPANY, "PC-4", current, "sync-t", false);
        assertEquals(current, sync.erpVersion());
    }

    @Test
    void anImportIntoAProjectProcoreDoesNotHaveIsRefusedWithThatReason() {
        store.syncJob(COMPANY, "J-3", "2999");
        store.put(COMPANY, "PC-3", "J-3", V1);
        Caller both = importer("2999");
        Refusal.NotAllowed refused = assertThrows(Refusal.NotAllowed.class,
                () -> syncs.importContract(both, COMPANY, "PC-3", null, "sync-i", false));
        assertEquals(List.of(ReasonCode.PROJECT_NOT_IN_PROCORE), codes(refused.reasons()));
        assertTrue(refused.reasons().get(0).message().contains("2999"), refused.reasons().get(0).message());
        assertEquals(1, store.commits());
    }

    @Test
    void whenProcoreCannotSayTheImportWaitsUnlessAnotherRuleRefusesAnyway() {
        store.syncJob(COMPANY, "J-4", "2003");
        InMemoryStore.Contract c = store.put(COMPANY, "PC-4", "J-4", V1);
        Caller both = importer("2003");
        projects.down = true;
        assertThrows(ProcoreException.Unavailable.class, () -> syncs.importContract(both, COMPANY, "PC-4", null, "s", false));
        store.change(c, x -> x.status = ContractStatus.UNAPPROVED);
        Refusal.NotAllowed refused = assertThrows(Refusal.NotAllowed.class,
                () -> syncs.importContract(both, COMPANY, "PC-4", null, "s", false));
        assertEquals(List.of(ReasonCode.CONTRACT_UNAPPROVED), codes(refused.reasons()));
        assertEquals(1, store.commits());
    }

    @Test
    void aQueueThatCannotBeReachedLeavesTheSyncAcceptedForTheSweeper() {
        queue.broken = true;
        Sync sync = syncs.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", false);
        assertEquals(Sync.Status.PENDING, sync.status());
        assertEquals("sync-1", store.head(COMPANY, "PC-1").orElseThrow().active().sync().syncId());
    }

    /** A store that passes every call on, for tests that change one. */
    private static class DelegatingRecords implements ContractRecords {
        private final ContractRecords inner;

        DelegatingRecords(ContractRecords inner) {
            this.inner = inner;
        }

        @Override
        public Page<Listing> list(String c, boolean s, String a, int l) {
            return inner.list(c, s, a, l);
        }

        @Override
        public Optional<ContractHead> head(String c, String k) {
            return inner.head(c, k);
        }

        @Override
        public Optional<ContractDetail> load(String c, String k) {
            return inner.load(c, k);
        }

        @Override
        public List<String> jobProjects(String c, String j) {
            return inner.jobProjects(c, j);
        }

        @Override
        public Map<String, ProjectName> projectNames(String c, Collection<String> ids) {
            return inner.projectNames(c, ids);
        }

        @Override
        public Optional<Page<Sync>> history(String c, String k, String a, int l) {
            return inner.history(c, k, a, l);
        }

        @Override
        public Optional<Sync> sync(String c, String k, String s) {
            return inner.sync(c, k, s);
        }

        @Override
        public Sync acceptSync(String c, ContractDetail b, Sync p, LineSetRef t) {
            return inner.acceptSync(c, b, p, t);
        }

        @Override
        public boolean isHistoryCursor(String k) {
            return inner.isHistoryCursor(k);
        }
    }
}
