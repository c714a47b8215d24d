package io.primesync.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.domain.Money;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.Reason;
import io.primesync.domain.ReasonCode;
import io.primesync.domain.Sync;
import io.primesync.store.IdempotencyRecords;
import io.primesync.testing.InMemoryIdempotencyRecords.Call;
import io.primesync.testing.InMemoryIdempotencyRecords;
import io.primesync.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every branch of the Idempotency-Key use case: claim, replay, reuse, lease, take-over, resume, release. */
class IdempotencyTest {
    private static final String COMPANY = "1001";
    private static final String USER = "user-1";
    private static final String KEY = "key-1";
    private static final String REQUEST = "fingerprint-of-the-request";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryIdempotencyRecords records = new InMemoryIdempotencyRecords(clock);
    private final Idempotency idempotency = new Idempotency(records);
    /** What each run of the work was given: its sync id and whether it resumed. */
    private final List<String> runs = new ArrayList<>();

    /** Work that accepts a sync under the id it is given; {@code marker} tells one answer from another. */
    private Idempotency.Work answering(String marker) {
        return (syncId, resumed) -> {
            runs.add(syncId + (resumed ? " resumed" : " fresh"));
            return sync(syncId, marker);
        };
    }

    private Sync sync(String syncId, String marker) {
        return Sync.accepted(syncId, Sync.Kind.REIMPORT, "C-1", "2002", null, 1, Money.ZERO, Money.ZERO,
                PendingChanges.NONE, clock.instant(), marker);
    }

    private Idempotency.Outcome execute(Idempotency.Work work) {
        return idempotency.execute(COMPANY, USER, KEY, REQUEST, work);
    }

    @Test
    void aFirstRequestClaimsTheKeyRunsOnceAndStoresItsAnswer() {
        Idempotency.Outcome first = execute(answering("accepted"));
        assertEquals("accepted", first.sync().requestedBy());
        assertFalse(first.replayed());
        assertEquals(1, runs.size());
        IdempotencyRecords.Entry stored = records.stored(COMPANY, USER, KEY).orElseThrow();
        assertEquals(first.sync(), stored.accepted());
        assertTrue(runs.get(0).endsWith(" fresh"));
        assertEquals(stored.syncId(), first.sync().syncId(), "the work ran under the claimed sync id");
    }

    @Test
    void theSameRequestAgainIsTheFirstAnswerReplayedWithoutRunningAgain() {
        Idempotency.Outcome first = execute(answering("accepted"));
        clock.advance(Duration.ofHours(23));
        Idempotency.Outcome again = execute(answering("must not run"));
        assertTrue(again.replayed());
        assertEquals(first.sync(), again.sync());
        assertEquals(1, runs.size());
    }

    @Test
    void afterTwentyFourHoursTheKeyIsNewAgain() {
        execute(answering("accepted"));
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        Idempotency.Outcome later = execute(answering("accepted"));
        assertFalse(later.replayed());
        assertEquals(2, runs.size());
        assertNotEquals(runs.get(0).split(" ")[0], runs.get(1).split(" ")[0], "a new sync id");
    }

    @Test
    void theSameKeyForAnotherRequestIsRefusedAndRunsNothing() {
        execute(answering("accepted"));
        assertThrows(Refusal.KeyReused.class,
                () -> idempotency.execute(COMPANY, USER, KEY, "another request", answering("x")));
        assertEquals(1, runs.size());
    }

    @Test
    void keysAreTheUsersOwn() {
        execute(answering("accepted"));
        Idempotency.Outcome other = idempotency.execute(COMPANY, "user-2", KEY, REQUEST, answering("theirs"));
        assertFalse(other.replayed());
        assertEquals(2, runs.size());
    }

    @Test
    void aKeyHeldByARunningRequestIsAConflictWithRetryAfter() {
        records.put(COMPANY, USER, KEY, new IdempotencyRecords.Entry(REQUEST, "sync-running",
                clock.millis() + Idempotency.LEASE.toMillis(), null));
        Refusal.Conflict conflict = assertThrows(Refusal.Conflict.class, () -> execute(answering("x")));
        assertEquals(Duration.ofSeconds(2), conflict.retryAfter());
        assertTrue(runs.isEmpty());
        assertEquals("sync-running", records.stored(COMPANY, USER, KEY).orElseThrow().syncId(), "the holder keeps it");
    }

    @Test
    void aLapsedLeaseIsTakenOverAndTheWorkResumesUnderTheSameSyncId() {
        records.put(COMPANY, USER, KEY, new IdempotencyRecords.Entry(REQUEST, "sync-crashed",
                clock.millis() - 1, null));
        Idempotency.Outcome resumed = execute(answering("accepted"));
        assertEquals(List.of("sync-crashed resumed"), runs);
        assertEquals(resumed.sync(), records.stored(COMPANY, USER, KEY).orElseThrow().accepted());
        assertFalse(resumed.replayed());
    }

    @Test
    void aTakeOverSomeoneElseWonIsAConflict() {
        records.put(COMPANY, USER, KEY, new IdempotencyRecords.Entry(REQUEST, "sync-crashed",
                clock.millis() - 1, null));
        // between our read and our take-over, another retry took the key over
        InMemoryIdempotencyRecords racing = new InMemoryIdempotencyRecords(clock) {
            @Override
            public synchronized boolean takeOver(String c, String u, String k, long expected, Duration lease) {
                return false;
            }
        };
        racing.put(COMPANY, USER, KEY, records.stored(COMPANY, USER, KEY).orElseThrow());
        assertThrows(Refusal.Conflict.class, () -> new Idempotency(racing).execute(COMPANY, USER, KEY, REQUEST,
                answering("x")));
        assertTrue(runs.isEmpty());
    }

    @Test
    void aRefusalStoresNothingSoTheSameKeyWorksOnceTheCauseIsFixed() {
        Refusal refusal = new Refusal.NotAllowed(Refusal.NotAllowed.Operation.REIMPORT,
                List.of(new Reason(ReasonCode.APPROVED_CHANGE_ORDERS, "an approved change order")));
        assertThrows(Refusal.NotAllowed.class, () -> execute((syncId, resumed) -> {
            runs.add(syncId);
            throw refusal;
        }));
        assertTrue(records.stored(COMPANY, USER, KEY).isEmpty(), "nothing stored under the key");
        Idempotency.Outcome fixed = execute(answering("accepted"));
        assertFalse(fixed.replayed());
        assertEquals("accepted", fixed.sync().requestedBy());
        assertNotEquals(runs.get(0), runs.get(1).split(" ")[0], "evaluated afresh under a new sync id");
    }

    @Test
    void aRefusalWhoseReleaseFailsLeavesALeaseThatLapsesAndTheRetryIsEvaluatedAgain() {
        records.failNext(Call.RELEASE, false);
        assertThrows(Refusal.StalePreview.class, () -> execute((syncId, resumed) -> {
            runs.add(syncId);
            throw new Refusal.StalePreview(1, 2, "re-import");
        }));
        assertThrows(Refusal.Conflict.class, () -> execute(answering("x")), "the lease still runs");
        clock.advance(Idempotency.LEASE.plusSeconds(1));
        execute(answering("accepted"));
        assertEquals(runs.get(0) + " resumed", runs.get(1), "the retry resumes the claim and is evaluated again");
    }

    @Test
    void aFailureKeepsTheClaimSoTheRetryResumesAtOnce() {
        assertThrows(IllegalStateException.class, () -> execute((syncId, resumed) -> {
            runs.add(syncId + (resumed ? " resumed" : " fresh"));
            throw new IllegalStateException("the store went away after the commit, or before it");
        }));
        IdempotencyRecords.Entry kept = records.stored(COMPANY, USER, KEY).orElseThrow();
        assertNull(kept.accepted());
        assertEquals(0, kept.leaseUntilMillis(), "the lease was ended, not left to run out");
        execute(answering("accepted"));
        assertEquals(List.of(kept.syncId() + " fresh", kept.syncId() + " resumed"), runs);
    }

    @Test
    void aFailureWhoseLeaseCannotBeEndedIsResumedOnceTheLeaseLapses() {
        records.failNext(Call.EXPIRE_LEASE, false);
        assertThrows(IllegalStateException.class, () -> execute((syncId, resumed) -> {
            runs.add(syncId);
            throw new IllegalStateException("down");
        }));
        assertThrows(Refusal.Conflict.class, () -> execute(answering("x")));
        clock.advance(Idempotency.LEASE.plusSeconds(1));
        execute(answering("accepted"));
        assertEquals(runs.get(0) + " resumed", runs.get(1));
    }

    @Test
    void anAnswerThatCannotBeStoredIsResumedByTheRetryNotRunTwiceUnderAnotherId() {
        records.failNext(Call.COMPLETE, false);
        assertThrows(IllegalStateException.class, () -> execute(answering("accepted")));
        assertNull(records.stored(COMPANY, USER, KEY).orElseThrow().accepted());
        execute(answering("accepted"));
        assertEquals(runs.get(0).split(" ")[0] + " resumed", runs.get(1), "same sync id: the work finds its commit");
    }

    @Test
    void aClaimWrittenButReportedAsFailedIsRecognisedAsOurs() {
        // the put went through, its answer was lost, and the SDK's retry of it failed the condition
        InMemoryIdempotencyRecords lossy = new InMemoryIdempotencyRecords(clock) {
            private boolean first = true;

            @Override
            public synchronized boolean claim(String c, String u, String k, String f, String syncId, Duration lease) {
                boolean written = super.claim(c, u, k, f, syncId, lease);
                if (first) {
                    first = false;
                    return false;
                }
                return written;
            }
        };
        new Idempotency(lossy).execute(COMPANY, USER, KEY, REQUEST, answering("accepted"));
        assertEquals(1, runs.size());
        assertTrue(runs.get(0).endsWith(" fresh"), "nothing ran under the fresh id before, so this is not a resume");
        assertEquals(runs.get(0).split(" ")[0], lossy.stored(COMPANY, USER, KEY).orElseThrow().syncId());
    }

    @Test
    void aClaimThatFailsOutrightRunsNothing() {
        records.failNext(Call.CLAIM, false);
        assertThrows(IllegalStateException.class, () -> execute(answering("x")));
        assertTrue(runs.isEmpty());
        assertTrue(records.stored(COMPANY, USER, KEY).isEmpty());
    }

    @Test
    void aClaimLostToAConcurrentRequestReadsItsRecord() {
        // a concurrent request claims between our read and our claim, then finishes
        InMemoryIdempotencyRecords contended = new InMemoryIdempotencyRecords(clock) {
            @Override
            public synchronized boolean claim(String c, String u, String k, String f, String syncId, Duration lease) {
                put(c, u, k, new Entry(f, "sync-winner", clock.millis() + lease.toMillis(), sync("sync-winner",
                        "the winner's answer")));
                return false;
            }
        };
        Idempotency.Outcome answer = new Idempotency(contended).execute(COMPANY, USER, KEY, REQUEST,
                answering("must not run"));
        assertTrue(answer.replayed());
        assertEquals("the winner's answer", answer.sync().requestedBy());
        assertTrue(runs.isEmpty());
    }
}
