package io.primesync.store;

import static io.primesync.testing.Fixtures.line;
import static io.primesync.testing.Fixtures.lines;
import static io.primesync.testing.Fixtures.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.primesync.domain.ChangeOrderName;
import io.primesync.domain.ContractDiff;
import io.primesync.domain.LineItem;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.ProjectName;
import io.primesync.domain.Sync;
import io.primesync.testing.Fixtures;
import io.primesync.testing.LocalDynamo;
import io.primesync.testing.Stores;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The store over HTTP against a real DynamoDB API (dynalite, or AWS_ENDPOINT_URL_DYNAMODB). */
class ContractStoreIT {
    private final LocalDynamo dynamo = LocalDynamo.get();
    private final Stores stores = Stores.dynamo(dynamo.table(), Clock.systemUTC());
    private final String company = LocalDynamo.newCompanyId();

    @Test
    void aStaleSnapshotDoesNotOverwriteANewerOne() {
        assertEquals(ApplyResult.APPLIED, stores.snapshots().applySnapshot(company, snapshot("K-1", "J1", 5, List.of(line("A", "10.00")))));
        assertEquals(ApplyResult.STALE, stores.snapshots().applySnapshot(company, snapshot("K-1", "J1", 4, List.of(line("B", "99.00")))));
        assertEquals(ApplyResult.STALE, stores.snapshots().applySnapshot(company, snapshot("K-1", "J1", 5, List.of(line("C", "1.00")))));

        ContractDetail detail = stores.contracts().load(company, "K-1").orElseThrow();
        assertEquals(5, detail.head().erpVersion());
        assertEquals(List.of("A"), codes(detail.currentLines()));
        assertEquals(new BigDecimal("10.00"), detail.head().erpAmount());
        assertTrue(detail.unreferencedSets().isEmpty(), "a refused snapshot leaves no lines behind");
    }

    @Test
    void aNewerSnapshotReplacesLinesAndCountsPendingChangesAgainstTheSyncedOnes() {
        stores.snapshots().applySnapshot(company, snapshot("K-2", "J1", 1, List.of(line("A", "10.00"), line("B", "20.00"))));
        ContractDetail first = stores.contracts().load(company, "K-2").orElseThrow();
        assertEquals(new PendingChanges(2, 0, 0), first.head().pending(), "never imported: every line is new");
        commit(first, Sync.Kind.IMPORT);

        stores.snapshots().applySnapshot(company, snapshot("K-2", "J1", 2,
                List.of(line("B", "25.00"), line("C", "5.00"))));
        ContractDetail second = stores.contracts().load(company, "K-2").orElseThrow();
        assertEquals(new PendingChanges(1, 1, 1), second.head().pending());
        assertEquals(List.of("A", "B"), codes(second.syncedLines()));
        assertEquals(List.of("B", "C"), codes(second.currentLines()));
        assertTrue(second.unreferencedSets().isEmpty(), "the superseded current set was removed");
    }

    @Test
    void aReimportMakesTheContractReadAsInSync() {
        stores.snapshots().applySnapshot(company, snapshot("K-3", "J1", 1, List.of(line("A", "10.00"))));
        ContractDetail imported = stores.contracts().load(company, "K-3").orElseThrow();
        commit(imported, Sync.Kind.IMPORT);
        stores.snapshots().applySnapshot(company, snapshot("K-3", "J1", 2, List.of(line("A", "12.00"), line("B", "3.00"))));

        ContractDetail before = stores.contracts().load(company, "K-3").orElseThrow();
        assertTrue(before.head().pending().any());
        Sync reimport = commit(before, Sync.Kind.REIMPORT);

        ContractDetail after = stores.contracts().load(company, "K-3").orElseThrow();
        assertEquals(PendingChanges.NONE, after.head().pending());
        assertTrue(after.diff().isEmpty());
        assertEquals(2L, after.head().syncedErpVersion());
        assertEquals(new BigDecimal("15.00"), after.head().contractAmount());
        assertEquals(List.of("2002"), after.head().linkedProjectIds());
        assertEquals(reimport.syncId(), after.head().lastSync().syncId());
        assertTrue(after.unreferencedSets().isEmpty(), "the previously synced set was removed");

        Page<Sync> history = stores.contracts().history(company, "K-3", null, 10).orElseThrow();
        assertEquals(List.of(Sync.Kind.REIMPORT, Sync.Kind.IMPORT),
                history.items().stream().map(Sync::kind).toList());
        assertEquals(List.of(Sync.Status.APPLIED, Sync.Status.APPLIED),
                history.items().stream().map(Sync::status).toList());
        assertNull(history.next());
    }

    @Test
    void historyIsInCommitOrderEvenWhenClocksTie() {
        Instant sameMoment = Instant.parse("2026-11-29T12:00:00Z");
        stores.snapshots().applySnapshot(company, snapshot("K-9", "J1", 1, List.of(line("A", "1.00"))));
        ContractDetail first = stores.contracts().load(company, "K-9").orElseThrow();
        commit(first, at(record(first, Sync.Kind.IMPORT), sameMoment, "zzzz-import"));
        List<String> expected = new ArrayList<>(List.of("zzzz-import"));
        for (int v = 2; v <= 4; v++) {
            stores.snapshots().applySnapshot(company, snapshot("K-9", "J1", v, List.of(line("A", v + ".00"))));
            ContractDetail basis = stores.contracts().load(company, "K-9").orElseThrow();
            String id = (char) ('a' + (5 - v)) + "-reimport-" + v; // ids sort against commit order on purpose
            commit(basis, at(record(basis, Sync.Kind.REIMPORT), sameMoment, id));
            expected.add(0, id);
        }
        List<String> all = new ArrayList<>();
        String after = null;
        do {
            Page<Sync> page = stores.contracts().history(company, "K-9", after, 3).orElseThrow();
            page.items().forEach(r -> all.add(r.syncId()));
            after = page.next();
        } while (after != null);
        assertEquals(expected, all, "newest first, each exactly once, across pages");
    }

    private static Sync at(Sync r, Instant when, String syncId) {
        return Sync.accepted(syncId, r.kind(), r.contractId(), r.projectId(), null, r.erpVersion(), r.previousAmount(),
                r.newAmount(), new PendingChanges(r.added(), r.changed(), r.removed()), when, r.requestedBy());
    }

    /** A sync accepted and then applied, as the worker ends one. */
    private Sync commit(ContractDetail basis, Sync.Kind kind) {
        return commit(basis, record(basis, kind));
    }

    private Sync commit(ContractDetail basis, Sync pending) {
        stores.contracts().acceptSync(company, basis, pending, basis.head().current());
        Sync applied = pending.applied("5001", pending.linesTotal(), pending.requestedAt().plusSeconds(1));
        assertTrue(stores.syncs().finishSync(company, basis.head().contractId(), applied));
        return applied;
    }

    @Test
    void eightConcurrentReimportsOfOneContractApplyExactlyOnce() throws Exception {
        stores.snapshots().applySnapshot(company, snapshot("K-4", "J1", 1, lines(40, "A")));
        ContractDetail imported = stores.contracts().load(company, "K-4").orElseThrow();
        commit(imported, Sync.Kind.IMPORT);
        stores.snapshots().applySnapshot(company, snapshot("K-4", "J1", 2, lines(45, "A")));

        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                ContractDetail basis = stores.contracts().load(company, "K-4").orElseThrow();
                if (basis.head().active() != null) {
                    refused.incrementAndGet(); // read after the winner: its sync is in progress
                    return null;
                }
                try {
                    commit(basis, Sync.Kind.REIMPORT);
                    applied.incrementAndGet();
                } catch (ConcurrentChangeException lost) {
                    refused.incrementAndGet();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertEquals(1, applied.get(), "exactly one re-import is accepted");
        assertEquals(threads - 1, refused.get());
        List<Sync> history = stores.contracts().history(company, "K-4", null, 50).orElseThrow().items();
        assertEquals(1, history.stream().filter(r -> r.kind() == Sync.Kind.REIMPORT).count(),
                "one history entry for the one re-import, and none for the attempts that lost");
        assertEquals(2, history.size());
        System.out.println("[integration] 8 concurrent re-imports: accepted=" + applied.get() + " refused=" + refused.get()
                + " history entries=" + history.size());
    }

    @Test
    void onehundredTwentyContractsListedTwentyFiveAtATimeComeBackOnceEachInOrder() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String id = String.format("C-%03d", (i * 37) % 120); // written out of order
            expected.add(id);
            stores.snapshots().applySnapshot(company, snapshot(id, "J" + (i % 7), 1, List.of(line("A", "1.00"))));
        }
        expected.sort(String::compareTo);
        stores.facts().applyJobProject(company, "J3", "2002", true, new EventStamp(1, "e1"));

        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Page<Listing> page = stores.contracts().list(company, false, after, 25);
            pages++;
            for (Listing l : page.items()) {
                seen.add(l.head().contractId());
                assertEquals(l.head().jobNumber().equals("J3") ? "2002" : null, l.jobProjectId());
            }
            after = page.next();
        } while (after != null);
        assertEquals(expected, seen);
        assertEquals(5, pages);
        assertEquals(new HashSet<>(seen).size(), seen.size());
        assertTrue(stores.contracts().list(company, true, null, 25).items().isEmpty(), "none imported: the synced tab is empty");
    }

    @Test
    void deletionWinsWhateverTheOrderOfDelivery() {
        assertEquals(ApplyResult.APPLIED, stores.snapshots().applyDeletion(company, "K-5", 3));
        assertTrue(stores.contracts().head(company, "K-5").isEmpty(), "a deletion alone is not a contract users see");
        assertEquals(ApplyResult.APPLIED, stores.snapshots().applySnapshot(company, snapshot("K-5", "J1", 2, List.of(line("A", "1.00")))));
        assertTrue(stores.contracts().head(company, "K-5").orElseThrow().deleted());
        assertEquals(ApplyResult.STALE, stores.snapshots().applyDeletion(company, "K-5", 3));
        assertEquals(ApplyResult.APPLIED, stores.snapshots().applySnapshot(company, snapshot("K-5", "J1", 4, List.of(line("A", "1.00")))));
        assertFalse(stores.contracts().head(company, "K-5").orElseThrow().deleted(), "a later snapshot restores the contract");
        assertEquals(ApplyResult.STALE, stores.snapshots().applyDeletion(company, "K-5", 2));
    }

    @Test
    void projectSideEventsKeepTheLatestWhateverTheOrder() {
        stores.snapshots().applySnapshot(company, snapshot("K-6", "J9", 1, List.of(line("A", "1.00"))));
        assertEquals(ApplyResult.APPLIED, stores.facts().applyLink(company, "K-6", "2002", true, "5001", new EventStamp(5, "l")));
        assertEquals(ApplyResult.APPLIED, stores.facts().applyPcco(company, "K-6", "2002", "5001", new ChangeOrderName("9001", null, null), PccoStatus.APPROVED, new EventStamp(200, "b")));
        assertEquals(ApplyResult.STALE, stores.facts().applyPcco(company, "K-6", "2002", "5001", new ChangeOrderName("9001", null, null), PccoStatus.PENDING, new EventStamp(100, "a")));
        assertEquals(ApplyResult.STALE, stores.facts().applyPcco(company, "K-6", "2002", "5001", new ChangeOrderName("9001", null, null), PccoStatus.PENDING, new EventStamp(200, "a")));
        assertEquals(ApplyResult.APPLIED, stores.facts().applyPcco(company, "K-6", "2002", "5001", new ChangeOrderName("9002", null, null), PccoStatus.DRAFT, new EventStamp(50, "c")));
        assertEquals(List.of("9001"), stores.contracts().head(company, "K-6").orElseThrow().approvedPccoIds());
        // an approval counts while its prime contract is the contract's in a linked project
        assertEquals(ApplyResult.APPLIED, stores.facts().applyPcco(company, "K-6", "3003", "5002", new ChangeOrderName("9003", null, null), PccoStatus.APPROVED, new EventStamp(60, "d")));
        assertEquals(List.of("9001"), stores.contracts().head(company, "K-6").orElseThrow().approvedPccoIds(), "3003 is not linked");
        assertEquals(ApplyResult.APPLIED, stores.facts().applyLink(company, "K-6", "2002", true, "5009", new EventStamp(300, "m")));
        assertEquals(List.of(), stores.contracts().head(company, "K-6").orElseThrow().approvedPccoIds(),
                "the prime contract in 2002 is another now (deleted and made again): its change orders are not 5001's");
        assertEquals(ApplyResult.APPLIED, stores.facts().applyLink(company, "K-6", "2002", false, "5009", new EventStamp(310, "n")));

        assertEquals(ApplyResult.APPLIED, stores.facts().applyLink(company, "K-6", "3003", true, null, new EventStamp(10, "x")));
        assertEquals(List.of("9003"), stores.contracts().head(company, "K-6").orElseThrow().approvedPccoIds());
        assertEquals(ApplyResult.APPLIED, stores.facts().applyLink(company, "K-6", "3004", true, null, new EventStamp(10, "y")));
        assertEquals(ApplyResult.APPLIED, stores.facts().applyLink(company, "K-6", "3004", false, null, new EventStamp(20, "z")));
        assertEquals(ApplyResult.STALE, stores.facts().applyLink(company, "K-6", "3004", true, null, new EventStamp(15, "w")));
        assertEquals(List.of("3003"), stores.contracts().head(company, "K-6").orElseThrow().linkedProjectIds());

        ProjectRecords facts = stores.facts();
        assertEquals(ApplyResult.APPLIED, facts.applyJobProject(company, "J9", "3003", true, new EventStamp(10, "j1")));
        assertEquals(ApplyResult.APPLIED, facts.applyJobProject(company, "J9", "3005", true, new EventStamp(12, "j2")));
        assertEquals(List.of("3003", "3005"), stores.contracts().jobProjects(company, "J9"), "two projects of one job: both named");
        assertEquals(ApplyResult.APPLIED, facts.applyJobProject(company, "J9", "3003", false, new EventStamp(30, "j3")));
        assertEquals(ApplyResult.STALE, facts.applyJobProject(company, "J9", "3003", true, new EventStamp(20, "j4")));
        assertEquals(List.of("3005"), stores.contracts().jobProjects(company, "J9"));
        assertEquals(List.of(), stores.contracts().jobProjects(company, "J-never"));

        assertEquals(new ProjectRecords.Applied(true, null), facts.applyProjectOrigin(company, ProjectName.unknown("3003"), "J9", new EventStamp(10, "o1")));
        assertEquals(new ProjectRecords.Applied(true, "J9"), facts.applyProjectOrigin(company, ProjectName.unknown("3003"), null, new EventStamp(30, "o3")));
        assertEquals(new ProjectRecords.Applied(false, null), facts.applyProjectOrigin(company, ProjectName.unknown("3003"), "J5", new EventStamp(20, "o2")));
        assertEquals(List.of(new ProjectRecords.ProjectOrigin("3003", null)), facts.projects(company));
    }

    @Test
    void aProjectEventNeverStalesAConcurrentSync() {
        stores.snapshots().applySnapshot(company, snapshot("K-7", "J1", 1, List.of(line("A", "1.00"))));
        ContractDetail basis = stores.contracts().load(company, "K-7").orElseThrow();
        stores.facts().applyPcco(company, "K-7", "2002", "5001", new ChangeOrderName("9001", null, null), PccoStatus.APPROVED, new EventStamp(1, "p"));
        try {
            commit(basis, Sync.Kind.IMPORT);
            throw new AssertionError("a sync evaluated before an approved change order must not commit");
        } catch (ConcurrentChangeException expected) {
            assertFalse(stores.contracts().head(company, "K-7").orElseThrow().imported());
        }
    }

    @Test
    void aLargeContractRoundTripsExactly() {
        List<LineItem> big = new ArrayList<>(lines(4990, "L"));
        big.add(Fixtures.unitLine("U1", "12.5", "CY", "40.10", "501.25"));
        stores.snapshots().applySnapshot(company, snapshot("K-8", "J1", 1, big));
        ContractDetail detail = stores.contracts().load(company, "K-8").orElseThrow();
        assertEquals(big.size(), detail.currentLines().size());
        for (int i = 0; i < big.size(); i++) {
            assertTrue(big.get(i).sameAs(detail.currentLines().get(i)), "line " + i);
        }
        assertEquals("12.5", detail.currentLines().get(big.size() - 1).quantity().toPlainString());
        assertTrue(detail.head().current().chunks() > 1, "5,000 lines span several chunk items");
    }

    @Test
    void anExpiredIdempotencyRecordReadsAsAbsent() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        IdempotencyStore early = new IdempotencyStore(dynamo.table(), Clock.fixed(now, ZoneOffset.UTC));
        assertTrue(early.claim(company, "user-1", "key-1", "fp", "sync-1", Duration.ofSeconds(30)));
        Sync accepted = Sync.accepted("sync-1", Sync.Kind.REIMPORT, "K-1", "2002", null, 3, new BigDecimal("10.00"),
                new BigDecimal("12.50"), new PendingChanges(1, 2, 0), now, "user-1");
        early.complete(company, "user-1", "key-1", accepted);
        assertEquals(accepted, early.find(company, "user-1", "key-1").orElseThrow().accepted(),
                "the accepted sync comes back as it was stored");
        assertFalse(early.claim(company, "user-1", "key-1", "fp", "sync-2", Duration.ofSeconds(30)));

        IdempotencyStore later = new IdempotencyStore(dynamo.table(),
                Clock.fixed(now.plus(IdempotencyStore.RETENTION).plusSeconds(2), ZoneOffset.UTC));
        assertTrue(later.find(company, "user-1", "key-1").isEmpty(), "past 24 hours the record is gone for readers");
        assertTrue(later.claim(company, "user-1", "key-1", "fp2", "sync-3", Duration.ofSeconds(30)),
                "and the key can be claimed again");
        assertEquals("sync-3", later.find(company, "user-1", "key-1").orElseThrow().syncId());
    }

    @Test
    void anExpiredWebhookIdIsNoLongerADuplicate() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        WebhookLedger ledger = new WebhookLedger(dynamo.table(), Clock.fixed(now, ZoneOffset.UTC));
        String id = "evt-" + UUID.randomUUID();
        assertTrue(ledger.seen("spectrum", company, id).isEmpty());
        ledger.record("spectrum", company, id, ApplyResult.APPLIED);
        assertEquals(ApplyResult.APPLIED, ledger.seen("spectrum", company, id).orElseThrow());
        assertTrue(ledger.seen("procore", company, id).isEmpty(), "ids are per source");
        assertTrue(ledger.seen("spectrum", LocalDynamo.newCompanyId(), id).isEmpty(), "and per company");
        WebhookLedger later = new WebhookLedger(dynamo.table(),
                Clock.fixed(now.plus(WebhookLedger.RETENTION).plusSeconds(2), ZoneOffset.UTC));
        assertTrue(later.seen("spectrum", company, id).isEmpty());
    }

    private static Sync record(ContractDetail basis, Sync.Kind kind) {
        ContractDiff diff = basis.diff();
        return Sync.accepted(UUID.randomUUID().toString(), kind, basis.head().contractId(), "2002", null,
                basis.head().erpVersion(), basis.head().contractAmount() == null ? new BigDecimal("0.00")
                        : basis.head().contractAmount(), diff.newAmount(), diff.counts(), Instant.now(), "user-1");
    }

    private static List<String> codes(List<LineItem> lines) {
        return lines.stream().map(LineItem::itemCode).toList();
    }
}
