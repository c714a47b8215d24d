package io.primesync.store;

import static io.primesync.store.Attr.bool;
import static io.primesync.store.Attr.map;
import static io.primesync.store.Attr.money;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attributes.*;

import io.primesync.domain.ContractDiff;
import io.primesync.domain.LineItem;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.Sync;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The DynamoDB side of {@link SyncRecords}: a sync's lease, progress and end, the sweeper's list and tidy. */
public final class SyncStore implements SyncRecords {
    private final Table table;
    private final LineSets lineSets;
    private final ContractReader reader;
    private final SyncItems items;
    private final SyncHistory history;
    private final ProcoreFacts facts;

    public SyncStore(Table table, Clock clock) {
        this.table = table;
        this.lineSets = new LineSets(table, clock);
        this.reader = new ContractReader(table, lineSets);
        this.items = new SyncItems(table);
        this.history = new SyncHistory(table);
        this.facts = new ProcoreFacts(table, clock);
    }

    @Override
    public Optional<ContractHead> head(String companyId, String contractId) {
        return reader.head(companyId, contractId);
    }

    @Override
    public List<LineItem> lines(String companyId, String contractId, LineSetRef set) {
        return reader.lines(companyId, contractId, set);
    }

    @Override
    public void ensureSyncItem(String companyId, String contractId, ContractHead.ActiveSync active) {
        items.putPending(companyId, Keys.contract(companyId, contractId), active.sync(), active.revision());
    }

    @Override
    public boolean leaseSync(String companyId, String contractId, long revision, String syncId, String owner,
            long nowMillis, long untilMillis) {
        return items.lease(Keys.contract(companyId, contractId), revision, syncId, owner, nowMillis, untilMillis);
    }

    @Override
    public boolean syncProgress(String companyId, String contractId, long revision, Sync sync, String owner,
            long untilMillis) {
        return items.progress(Keys.contract(companyId, contractId), revision, sync, owner, untilMillis);
    }

    @Override
    public void releaseSync(String companyId, String contractId, long revision, String syncId, String owner) {
        items.releaseQuietly(Keys.contract(companyId, contractId), revision, syncId, owner);
    }

    @Override
    public Optional<Sync> sync(String companyId, String contractId, String syncId) {
        return head(companyId, contractId).flatMap(h -> history.find(Keys.contract(companyId, contractId), h, syncId));
    }

    @Override
    public boolean finishSync(String companyId, String contractId, Sync finished) {
        String pk = Keys.contract(companyId, contractId);
        return Attempts.upTo(Attempts.DEFAULT, "contract kept changing while a sync was ended", () -> {
            ContractHead head = reader.anyHead(companyId, contractId);
            if (head.active() == null || !head.active().sync().syncId().equals(finished.syncId())) {
                return Optional.of(false);
            }
            long syncRevision = head.active().revision();
            Update u = HeadItem.advance(head.rev())
                    .set(LAST_SYNC, map(SyncItem.toItem(finished, syncRevision)))
                    .remove(ACTIVE_SYNC);
            if (finished.procorePrimeContractId() != null) {
                u.set(PROCORE_PRIME_CONTRACT_ID, s(finished.procorePrimeContractId()));
            }
            LineSetRef target = head.active().target();
            if (finished.status() == Sync.Status.APPLIED) {
                PendingChanges pending = pendingBeyond(pk, head, target);
                if (pending == null) {
                    return Optional.empty(); // the current set was replaced while we read it
                }
                applied(u, companyId, finished, target, pending);
            }
            if (!table.update(HeadItem.key(companyId, contractId), u)) {
                return Optional.empty(); // a snapshot or a project-side fact came in meanwhile: read the head again
            }
            tidyAfterEnd(companyId, contractId, finished, head, syncRevision, target);
            return Optional.of(true);
        });
    }

    /** What an applied sync sets on the head: the synced state, the listing, the link it wrote, no drift. */
    private static void applied(Update u, String companyId, Sync finished, LineSetRef target, PendingChanges pending) {
        long at = finished.finishedAt().toEpochMilli();
        u.set(SYNCED_VERSION, n(finished.erpVersion()))
                .set(SYNCED_LINES, HeadItem.lineSet(target))
                .set(CONTRACT_AMOUNT, money(finished.newAmount()))
                .set(LAST_SYNCED_AT, s(finished.finishedAt().toString()))
                .set(PENDING_CHANGES, HeadItem.pending(pending))
                .set(Keys.GSI1PK, s(Keys.listing(companyId, true)))
                // Procore now holds what was synced: no drift, as of the end (a read before it is older)
                .set(PROCORE_LINES, map(Map.of(DIFFERING, n(0), FOREIGN, n(0), OCCURRED_AT, n(at),
                        EVENT_ID, s("sync:" + finished.syncId()))));
        if (finished.procorePrimeContractId() != null) {
            // the sync wrote to the contract's prime contract in the project (the import made it): it is linked there
            u.set(PROJECT_LINK_PREFIX + finished.projectId(), map(Map.of(LINKED, bool(true),
                    PRIME_CONTRACT_ID, s(finished.procorePrimeContractId()), OCCURRED_AT, n(at),
                    EVENT_ID, s((finished.kind() == Sync.Kind.IMPORT ? "import:" : "sync:") + finished.syncId()))));
        }
    }

    /** After the end: only tidying, each part of which a later read or sweep also does. */
    private void tidyAfterEnd(String companyId, String contractId, Sync finished, ContractHead head, long syncRevision,
            LineSetRef target) {
        String pk = Keys.contract(companyId, contractId);
        if (finished.status() == Sync.Status.APPLIED && finished.procorePrimeContractId() != null) {
            try {
                // the prime contract the product writes, known before Procore's delivery of it comes in
                facts.applyPrimeContract(companyId, new ProjectRecords.PrimeContractRef(
                        finished.procorePrimeContractId(), contractId, finished.projectId(), false),
                        new EventStamp(finished.finishedAt().toEpochMilli(), "sync:" + finished.syncId()));
            } catch (RuntimeException missed) {
                // the reconciliation finds the prime contract by its origin id
            }
        }
        try {
            items.finish(pk, finished, syncRevision);
            if (finished.status() == Sync.Status.APPLIED && head.synced() != null
                    && !head.synced().setId().equals(target.setId())
                    && !head.synced().setId().equals(head.current().setId())) {
                lineSets.deleteQuietly(pk, head.synced());
            }
        } catch (RuntimeException tidyFailure) {
            // readers take the head's record over a lagging item, and the next sync restores it
        }
    }

    /** What a re-import would change once Procore holds {@code target}; null when a set was replaced meanwhile. */
    private PendingChanges pendingBeyond(String pk, ContractHead head, LineSetRef target) {
        if (head.current().setId().equals(target.setId())) {
            return PendingChanges.NONE;
        }
        List<LineItem> now = lineSets.read(pk, head.current());
        List<LineItem> then = lineSets.read(pk, target);
        return now == null || then == null ? null : ContractDiff.between(then, now).counts();
    }

    @Override
    public List<Unfinished> unfinishedSyncs(int limit) {
        List<Unfinished> out = new ArrayList<>();
        for (SyncItems.Stored s : history.unfinished(limit)) {
            out.add(new Unfinished(s.companyId(), s.sync().contractId(), s.sync().syncId(), s.revision(),
                    s.sync().requestedAt(), s.leaseUntilMillis()));
        }
        return out;
    }

    @Override
    public void tidySync(String companyId, String contractId, String syncId, long revision) {
        String pk = Keys.contract(companyId, contractId);
        ContractHead head = reader.anyHead(companyId, contractId);
        if (head.active() != null && head.active().sync().syncId().equals(syncId)) {
            return;
        }
        if (head.lastSync() != null && head.lastSync().syncId().equals(syncId)) {
            items.finish(pk, head.lastSync(), head.lastSyncRev());
            return;
        }
        Optional<SyncItems.Stored> item = items.get(pk, revision, syncId);
        if (item.isPresent() && !item.get().sync().finished()) {
            items.deleteQuietly(pk, revision, syncId);
        }
    }
}
