package io.primesync.store;

import static io.primesync.testing.Fixtures.line;
import static io.primesync.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.domain.ContractDiff;
import io.primesync.domain.LineItem;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.Sync;
import io.primesync.testing.Stores;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the worker and the sweeper rely on of {@link SyncRecords}, run against every implementation (in memory in the
 * fast tier, DynamoDB in the integration tier), so the fast tests' store behaves as the real one does.
 */
public abstract class SyncRecordsContract {
    private static final List<LineItem> V1 = List.of(line("A", "10.00"), line("B", "20.00"));
    private static final List<LineItem> V2 = List.of(line("A", "10.00"), line("B", "25.00"), line("C", "5.00"));
    private static final long NOW = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();

    /** The ports over one fresh set of data. */
    protected abstract Stores stores();

    /** A company of its own for each test. */
    protected abstract String newCompany();

    private final Stores stores = stores();
    private final String company = newCompany();

    /** A contract known at V1 with an import accepted on it: the active sync. */
    private ContractHead.ActiveSync accepted(String contractId) {
        stores.snapshots().applySnapshot(company, snapshot(contractId, "J1", 1, V1));
        ContractDetail basis = stores.contracts().load(company, contractId).orElseThrow();
        ContractDiff diff = basis.diff();
        Sync pending = Sync.accepted("sync-" + contractId, Sync.Kind.IMPORT, contractId, "2002", null, 1,
                new BigDecimal("0.00"), diff.newAmount(), diff.counts(), Instant.ofEpochMilli(NOW), "user-1");
        stores.contracts().acceptSync(company, basis, pending, basis.head().current());
        return stores.syncs().head(company, contractId).orElseThrow().active();
    }

    private boolean lease(ContractHead.ActiveSync a, String contractId, String owner, long now) {
        return stores.syncs().leaseSync(company, contractId, a.revision(), a.sync().syncId(), owner, now, now + 60_000);
    }

    @Test
    void aLeaseIsTakenWhenFreeKeptFromOthersWhileLiveAndTakenOverOnceItRunsOut() {
        ContractHead.ActiveSync a = accepted("K-1");
        assertTrue(lease(a, "K-1", "w1", NOW));
        assertFalse(lease(a, "K-1", "w2", NOW + 1_000), "w1's lease still runs");
        assertTrue(lease(a, "K-1", "w1", NOW + 2_000), "a redelivery to the same worker");
        assertTrue(lease(a, "K-1", "w2", NOW + 63_000), "w1's lease ran out: w2 takes it");
        Sync progress = a.sync().writing(null, 1, 2);
        assertFalse(stores.syncs().syncProgress(company, "K-1", a.revision(), progress, "w1", NOW + 120_000),
                "w1 lost it and hears so at its next progress write");
        assertTrue(stores.syncs().syncProgress(company, "K-1", a.revision(), progress, "w2", NOW + 120_000));
        Sync read = stores.syncs().sync(company, "K-1", a.sync().syncId()).orElseThrow();
        assertEquals(Sync.Status.WRITING, read.status());
        assertEquals(List.of(1, 2), List.of(read.linesWritten(), read.linesTotal()));
        assertTrue(stores.syncs().syncProgress(company, "K-1", a.revision(), progress.unlocking("Approved"), "w2",
                NOW + 120_000));
        assertEquals("Approved", stores.syncs().sync(company, "K-1", a.sync().syncId()).orElseThrow().restoreStatus(),
                "the status to restore is kept for the attempt that resumes");
        assertFalse(lease(a, "K-1", "w1", NOW + 70_000), "w2's renewed lease runs until its progress said");
    }

    @Test
    void aReleasedLeaseIsFreeAtOnceAndOnlyItsOwnerCanReleaseIt() {
        ContractHead.ActiveSync a = accepted("K-2");
        assertTrue(lease(a, "K-2", "w1", NOW));
        stores.syncs().releaseSync(company, "K-2", a.revision(), a.sync().syncId(), "w2");
        assertFalse(lease(a, "K-2", "w2", NOW + 1), "another worker's release changes nothing");
        stores.syncs().releaseSync(company, "K-2", a.revision(), a.sync().syncId(), "w1");
        assertTrue(lease(a, "K-2", "w2", NOW + 2));
    }

    @Test
    void onlyTheActiveSyncEndsAndAnAppliedEndIsWhatProcoreNowHolds() {
        ContractHead.ActiveSync a = accepted("K-3");
        assertTrue(lease(a, "K-3", "w1", NOW));
        assertEquals(V1, stores.syncs().lines(company, "K-3", a.target()), "the lines the sync brings Procore to");
        Sync other = Sync.accepted("sync-other", Sync.Kind.IMPORT, "K-3", "2002", null, 1, BigDecimal.ZERO,
                BigDecimal.ZERO, PendingChanges.NONE, Instant.ofEpochMilli(NOW), "user-2");
        assertFalse(stores.syncs().finishSync(company, "K-3", other.applied("5001", 0, Instant.ofEpochMilli(NOW))));

        // a newer snapshot comes in while the sync is being written: it is kept, and stays pending after the end
        stores.snapshots().applySnapshot(company, snapshot("K-3", "J1", 2, V2));
        Sync applied = a.sync().applied("5001", 2, Instant.ofEpochMilli(NOW + 5_000));
        assertTrue(stores.syncs().finishSync(company, "K-3", applied));
        assertFalse(stores.syncs().finishSync(company, "K-3", applied), "it ends once");

        ContractHead head = stores.syncs().head(company, "K-3").orElseThrow();
        assertNull(head.active());
        assertEquals(1L, head.syncedErpVersion());
        assertEquals(2, head.erpVersion());
        assertEquals(new PendingChanges(1, 1, 0), head.pending(), "what the ERP has beyond what Procore holds");
        assertEquals("5001", head.procorePrimeContractId());
        assertEquals(List.of("2002"), head.linkedProjectIds(), "the import's project");
        assertEquals(new BigDecimal("30.00"), head.contractAmount().setScale(2));
        assertEquals(Sync.Status.APPLIED, stores.syncs().sync(company, "K-3", a.sync().syncId()).orElseThrow().status());
        assertFalse(lease(a, "K-3", "w2", NOW + 120_000), "an ended sync is leased to nobody");
        assertTrue(stores.syncs().unfinishedSyncs(500).stream().noneMatch(u -> u.syncId().equals(a.sync().syncId())));
        assertEquals(V1, stores.contracts().load(company, "K-3").orElseThrow().syncedLines());

        // Procore's status counts for the prime contract the product writes, not for another one of the contract
        stores.facts().applyProcoreStatus(company, "K-3", "5009", "Approved", new EventStamp(NOW + 6_000, "o"));
        assertNull(stores.syncs().head(company, "K-3").orElseThrow().procoreStatus());
        stores.facts().applyProcoreStatus(company, "K-3", "5001", "Approved", new EventStamp(NOW + 7_000, "p"));
        assertEquals("Approved", stores.syncs().head(company, "K-3").orElseThrow().procoreStatus());
    }

    @Test
    void aFailedEndLeavesTheSyncedStateAndItsPendingChanges() {
        ContractHead.ActiveSync a = accepted("K-4");
        Sync failed = a.sync().failed(new Sync.Failure("PROCORE_REFUSED", "no"), Instant.ofEpochMilli(NOW + 1));
        assertTrue(stores.syncs().finishSync(company, "K-4", failed));
        ContractHead head = stores.syncs().head(company, "K-4").orElseThrow();
        assertNull(head.active());
        assertFalse(head.imported());
        assertEquals(new PendingChanges(2, 0, 0), head.pending());
        Sync read = stores.syncs().sync(company, "K-4", a.sync().syncId()).orElseThrow();
        assertEquals("PROCORE_REFUSED", read.error().code());
    }

    @Test
    void theUnfinishedSyncsAreListedOldestFirstWithTheirLease() {
        ContractHead.ActiveSync a = accepted("K-5");
        assertTrue(lease(a, "K-5", "w1", NOW));
        stores.syncs().ensureSyncItem(company, "K-5", a);
        SyncRecords.Unfinished mine = stores.syncs().unfinishedSyncs(500).stream()
                .filter(u -> u.syncId().equals(a.sync().syncId())).findFirst().orElseThrow();
        assertEquals(company, mine.companyId());
        assertEquals("K-5", mine.contractId());
        assertEquals(a.revision(), mine.revision());
        assertEquals(NOW + 60_000, mine.leaseUntilMillis(), "an existing record is not written over");
        assertEquals(Instant.ofEpochMilli(NOW), mine.requestedAt());
    }
}
