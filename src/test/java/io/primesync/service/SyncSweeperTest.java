package io.primesync.service;

import static io.primesync.testing.Fixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.domain.Caller;
import io.primesync.domain.Level;
import io.primesync.domain.LineItem;
import io.primesync.domain.Money;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.Sync;
import io.primesync.store.ContractHead;
import io.primesync.store.SyncRecords;
import io.primesync.testing.InMemoryStore;
import io.primesync.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep of syncs left unfinished: which it leaves alone, queues again, brings up to date, or removes. */
class SyncSweeperTest {
    private static final String COMPANY = "1001";
    private static final Duration MIN_AGE = Duration.ofMinutes(2);
    private static final List<LineItem> LINES = List.of(line("A", "10.00"));

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final List<String> queued = new ArrayList<>();
    private final SyncQueue queue = (company, contract, syncId, revision, delay) -> queued.add(contract + "/" + syncId);
    private final SyncService syncs = new SyncService(store, (company, project) -> true, (c, k, s, r, d) -> { }, clock);
    private final SyncSweeper sweeper = new SyncSweeper(store, queue, clock);
    private final Caller admin = new Caller("user-1", Map.of(COMPANY, Map.of(Caller.ERP_INTEGRATIONS, Level.ADMIN)),
            Map.of("2002", Map.of(Caller.PRIME_CONTRACTS, Level.ADMIN)));

    /** An import accepted now, its message never sent (the request died between the two). */
    private Sync accepted(String contractId) {
        store.syncJob(COMPANY, "J-" + contractId, "2002");
        store.put(COMPANY, contractId, "J-" + contractId, LINES);
        return syncs.importContract(admin, COMPANY, contractId, null, "sync-" + contractId, false);
    }

    private long revision(String contractId) {
        return store.head(COMPANY, contractId).map(ContractHead::active).orElseThrow().revision();
    }

    @Test
    void anAcceptedSyncWhoseMessageNeverCameIsQueuedAgainOnceOldEnough() {
        accepted("K-1");
        SyncSweeper.Result young = sweeper.sweep(MIN_AGE);
        assertEquals(new SyncSweeper.Result(1, 0, 0, 0), young, "its own message may still be on its way");
        assertTrue(queued.isEmpty());
        clock.advance(MIN_AGE.plusSeconds(1));
        assertEquals(new SyncSweeper.Result(1, 0, 1, 0), sweeper.sweep(MIN_AGE));
        assertEquals(List.of("K-1/sync-K-1"), queued);
    }

    @Test
    void aSyncWhoseWorkerIsAliveIsLeftToIt() {
        accepted("K-1");
        clock.advance(MIN_AGE.plusSeconds(1));
        assertTrue(store.leaseSync(COMPANY, "K-1", revision("K-1"), "sync-K-1", "worker", clock.millis(),
                clock.millis() + 60_000));
        assertEquals(new SyncSweeper.Result(1, 1, 0, 0), sweeper.sweep(MIN_AGE));
        assertTrue(queued.isEmpty());
        clock.advance(Duration.ofSeconds(61));
        assertEquals(new SyncSweeper.Result(1, 0, 1, 0), sweeper.sweep(MIN_AGE), "its worker died: queued again");
    }

    @Test
    void aSyncWhoseEndWasNotRecordedOnItsOwnRecordIsBroughtUpToTheHeads() {
        accepted("K-1");
        clock.advance(MIN_AGE.plusSeconds(1));
        store.failNext("finishSync", true);
        Sync applied = store.sync(COMPANY, "K-1", "sync-K-1").orElseThrow().applied("5001", 1, clock.instant());
        try {
            store.finishSync(COMPANY, "K-1", applied);
        } catch (IllegalStateException answerLost) {
            // the end was written; the tidy-up after it was not
        }
        // the record is brought up to the head's by the tidy; here the in-memory store did both at once, so make the
        // record lag as a failed tidy would leave it, through an attempt the head never named
        store.abandonedAttempt(COMPANY, "K-1", Sync.accepted("sync-lost", Sync.Kind.REIMPORT, "K-1", "2002", "5001", 1,
                Money.ZERO, Money.ZERO, PendingChanges.NONE, clock.instant().minus(MIN_AGE.multipliedBy(2)), "user-1"));
        SyncSweeper.Result result = sweeper.sweep(MIN_AGE);
        assertEquals(new SyncSweeper.Result(1, 0, 0, 1), result, "the attempt the head never accepted is tidied away");
        assertEquals(List.of(), store.unfinishedSyncs(10));
        assertTrue(queued.isEmpty(), "nothing ended is queued again");
        assertEquals(Sync.Status.APPLIED, store.sync(COMPANY, "K-1", "sync-K-1").orElseThrow().status());
    }

    @Test
    void theSweepTakesTheOldestFirstAndAtMostItsLimit() {
        for (int i = 0; i < 3; i++) {
            accepted("K-" + i);
            clock.advance(Duration.ofSeconds(1));
        }
        List<SyncRecords.Unfinished> unfinished = store.unfinishedSyncs(2);
        assertEquals(List.of("K-0", "K-1"), unfinished.stream().map(SyncRecords.Unfinished::contractId).toList());
        clock.advance(MIN_AGE);
        assertEquals(3, sweeper.sweep(MIN_AGE).queued());
    }
}
