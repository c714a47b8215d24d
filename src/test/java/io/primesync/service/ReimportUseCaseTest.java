package io.primesync.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.domain.Caller;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.Level;
import io.primesync.domain.LineItem;
import io.primesync.domain.Reason;
import io.primesync.domain.ReasonCode;
import io.primesync.domain.SyncRecord;
import io.primesync.testing.InMemoryContractRecords;
import io.primesync.testing.TestClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The import and re-import use cases over an in-memory store: their refusals, races and resumption. */
class ReimportUseCaseTest {
    private static final String COMPANY = "1001";
    private static final String PROJECT = "2002";
    private static final List<LineItem> V1 = List.of(LineItem.lumpSum("A", "General conditions", "100.00"),
            LineItem.lumpSum("B", "Concrete", "200.00"));
    private static final List<LineItem> V2 = List.of(LineItem.lumpSum("A", "General conditions", "100.00"),
            LineItem.lumpSum("B", "Concrete", "250.00"), LineItem.lumpSum("C", "Painting", "50.00"));

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryContractRecords store = new InMemoryContractRecords();
    private final ContractService contracts = new ContractService(store, clock);
    private final Caller admin = new Caller("user-1", Map.of(COMPANY, Map.of(Caller.ERP_INTEGRATIONS, Level.ADMIN)),
            Map.of(PROJECT, Map.of(Caller.PRIME_CONTRACTS, Level.ADMIN)));
    private InMemoryContractRecords.Contract ready;

    @BeforeEach
    void aContractImportedAtVersionOneAndChangedSince() {
        store.syncJob(COMPANY, "J-1", PROJECT);
        ready = store.put(COMPANY, "PC-1", "J-1", V1);
        contracts.importContract(admin, COMPANY, "PC-1", "sync-import", false);
        store.change(ready, c -> {
            c.erpVersion = 2;
            c.current = V2;
        });
    }

    private static List<ReasonCode> codes(List<Reason> reasons) {
        return reasons.stream().map(Reason::code).toList();
    }

    @Test
    void aReadyContractIsReimportedOnceWithWhatThePreviewShowed() {
        ContractService.Evaluation preview = contracts.evaluate(admin, COMPANY, "PC-1");
        assertTrue(preview.reasons().isEmpty());
        SyncRecord record = contracts.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", false);
        assertEquals(SyncRecord.Kind.REIMPORT, record.kind());
        assertEquals(2, record.erpVersion());
        assertEquals(PROJECT, record.projectId());
        assertEquals("300.00", record.previousAmount().toPlainString());
        assertEquals("400.00", record.newAmount().toPlainString());
        assertEquals(List.of(1, 1, 0), List.of(record.added(), record.changed(), record.removed()));
        assertEquals("user-1", record.syncedBy());
        assertEquals(V2, ready.synced);
        assertEquals(2, store.commits(), "the import and this re-import");
    }

    @Test
    void everyFailingRuleIsAReasonAndNothingIsCommitted() {
        store.change(ready, c -> {
            c.status = ContractStatus.UNAPPROVED;
            c.approvedPccos.add("PCCO-1");
        });
        Refusal.NotAllowed refused = assertThrows(Refusal.NotAllowed.class,
                () -> contracts.reimport(admin, COMPANY, "PC-1", null, "sync-1", false));
        assertEquals(Refusal.NotAllowed.Operation.REIMPORT, refused.operation());
        assertEquals(List.of(ReasonCode.CONTRACT_UNAPPROVED, ReasonCode.APPROVED_CHANGE_ORDERS), codes(refused.reasons()));
        assertEquals(1, store.commits());
    }

    @Test
    void aCallerWithoutAdminIsRefusedWithTheMissingPermissionAmongTheReasons() {
        Caller viewer = new Caller("user-2", Map.of(COMPANY, Map.of(Caller.ERP_INTEGRATIONS, Level.READ_ONLY)), Map.of());
        Refusal.NotAllowed refused = assertThrows(Refusal.NotAllowed.class,
                () -> contracts.reimport(viewer, COMPANY, "PC-1", null, "sync-1", false));
        assertEquals(List.of(ReasonCode.MISSING_PERMISSION), codes(refused.reasons()));
    }

    @Test
    void aCallerWhoCannotReadTheCompanyLearnsNothing() {
        Caller stranger = new Caller("user-3", Map.of("9009", Map.of(Caller.ERP_INTEGRATIONS, Level.ADMIN)), Map.of());
        assertThrows(Refusal.NoAccess.class, () -> contracts.reimport(stranger, COMPANY, "PC-1", null, "s", false));
        assertThrows(Refusal.NoAccess.class, () -> contracts.reimport(stranger, COMPANY, "NOPE", null, "s", false));
    }

    @Test
    void anUnknownContractIsNotFound() {
        assertThrows(Refusal.NotFound.class, () -> contracts.reimport(admin, COMPANY, "NOPE", null, "sync-1", false));
    }

    @Test
    void aPreviewOfAnEarlierVersionIsStale() {
        Refusal.StalePreview stale = assertThrows(Refusal.StalePreview.class,
                () -> contracts.reimport(admin, COMPANY, "PC-1", 1L, "sync-1", false));
        assertTrue(stale.getMessage().contains("version 1") && stale.getMessage().contains("version 2"));
        assertEquals(1, store.commits());
    }

    @Test
    void aRaceLostToAnotherReimportIsEvaluatedAgainAndFindsNothingLeft() {
        store.beforeNextCommit(c -> c.synced = c.current);
        Refusal.NotAllowed refused = assertThrows(Refusal.NotAllowed.class,
                () -> contracts.reimport(admin, COMPANY, "PC-1", null, "sync-1", false));
        assertEquals(List.of(ReasonCode.NO_UNSYNCED_CHANGES), codes(refused.reasons()));
    }

    @Test
    void aRaceLostToAnUnrelatedChangeIsEvaluatedAgainAndCommits() {
        store.beforeNextCommit(c -> c.linkedProjects.add(PROJECT));
        SyncRecord record = contracts.reimport(admin, COMPANY, "PC-1", null, "sync-1", false);
        assertEquals("sync-1", record.syncId());
        assertEquals(2, store.commits());
    }

    @Test
    void aContractThatKeepsChangingEndsInAConflictThatIsSafeToRetry() {
        InMemoryContractRecords.Contract c = ready;
        ContractService busy = new ContractService(new DelegatingRecords(store) {
            @Override
            public SyncRecord commitSync(String companyId, io.primesync.store.ContractDetail basis, SyncRecord r) {
                store.change(c, x -> { });
                return super.commitSync(companyId, basis, r);
            }
        }, clock);
        assertThrows(Refusal.Conflict.class, () -> busy.reimport(admin, COMPANY, "PC-1", null, "sync-1", false));
        assertEquals(1, store.commits(), "nothing was applied");
    }

    @Test
    void aRetryAfterALostAnswerFindsItsCommitAndAppliesNothingTwice() {
        store.loseNextCommitAnswer();
        assertThrows(IllegalStateException.class, () -> contracts.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", false));
        assertEquals(2, store.commits());
        SyncRecord resumed = contracts.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", true);
        assertEquals("sync-1", resumed.syncId());
        assertEquals(2, store.commits(), "the retry answered with the commit it found");
    }

    @Test
    void aResumedSyncThatNeverCommittedIsEvaluatedAndCommitted() {
        SyncRecord record = contracts.reimport(admin, COMPANY, "PC-1", 2L, "sync-never", true);
        assertEquals("sync-never", record.syncId());
        assertEquals(2, store.commits());
    }

    @Test
    void aResumedSyncFollowedByOthersIsStillFoundInTheRecentHistory() {
        SyncRecord first = contracts.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", false);
        store.change(ready, c -> {
            c.erpVersion = 3;
            c.current = V1;
        });
        contracts.reimport(admin, COMPANY, "PC-1", 3L, "sync-2", false);
        SyncRecord again = contracts.reimport(admin, COMPANY, "PC-1", 2L, "sync-1", true);
        assertSame(first, again);
        assertEquals(3, store.commits());
    }

    @Test
    void theFirstImportGoesToTheJobsProjectAndLinksIt() {
        store.syncJob(COMPANY, "J-2", "2003");
        store.put(COMPANY, "PC-2", "J-2", V1);
        Caller both = new Caller("user-1", Map.of(COMPANY, Map.of(Caller.ERP_INTEGRATIONS, Level.STANDARD)),
                Map.of("2003", Map.of(Caller.PRIME_CONTRACTS, Level.ADMIN)));
        ContractService.Summary summary = contracts.importContract(both, COMPANY, "PC-2", "sync-i", false);
        assertEquals(List.of("2003"), summary.head().linkedProjectIds());
        assertEquals(1L, summary.head().syncedErpVersion());
        Refusal.NotAllowed again = assertThrows(Refusal.NotAllowed.class,
                () -> contracts.importContract(both, COMPANY, "PC-2", "sync-j", false));
        assertEquals(Refusal.NotAllowed.Operation.IMPORT, again.operation());
        assertEquals(List.of(ReasonCode.ALREADY_IMPORTED), codes(again.reasons()));
        ContractService.Summary retried = contracts.importContract(both, COMPANY, "PC-2", "sync-i", true);
        assertEquals(1L, retried.head().syncedErpVersion(), "a retry of the same import is answered, not refused");
    }

    /** A store that passes every call on, for tests that change one. */
    private static class DelegatingRecords implements io.primesync.store.ContractRecords {
        private final io.primesync.store.ContractRecords inner;

        DelegatingRecords(io.primesync.store.ContractRecords inner) {
            this.inner = inner;
        }

        @Override
        public io.primesync.store.Page<io.primesync.store.Listing> list(String c, boolean s, String a, int l) {
            return inner.list(c, s, a, l);
        }

        @Override
        public java.util.Optional<io.primesync.store.ContractHead> head(String c, String k) {
            return inner.head(c, k);
        }

        @Override
        public java.util.Optional<io.primesync.store.ContractDetail> load(String c, String k) {
            return inner.load(c, k);
        }

        @Override
        public String jobProject(String c, String j) {
            return inner.jobProject(c, j);
        }

        @Override
        public java.util.Optional<io.primesync.store.Page<SyncRecord>> history(String c, String k, String a, int l) {
            return inner.history(c, k, a, l);
        }

        @Override
        public java.util.Optional<SyncRecord> recentSync(String c, String k, String s) {
            return inner.recentSync(c, k, s);
        }

        @Override
        public SyncRecord commitSync(String c, io.primesync.store.ContractDetail b, SyncRecord r) {
            return inner.commitSync(c, b, r);
        }

        @Override
        public boolean isHistoryCursor(String k) {
            return inner.isHistoryCursor(k);
        }
    }
}
