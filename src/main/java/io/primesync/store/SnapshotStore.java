package io.primesync.store;

import static io.primesync.store.Attr.money;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attributes.*;

import io.primesync.domain.ContractDiff;
import io.primesync.domain.ContractSnapshot;
import io.primesync.domain.LineItem;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.RefusedSnapshot;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The DynamoDB side of {@link SnapshotRecords}. A snapshot's lines are written first as a new immutable set, then made
 * current by one conditional update of the head at the revision it was read at; the set it replaces is removed after,
 * unless Procore holds it or an active sync is writing it.
 */
public final class SnapshotStore implements SnapshotRecords {
    private final Table table;
    private final LineSets lineSets;
    private final ContractReader reader;

    public SnapshotStore(Table table, Clock clock) {
        this.table = table;
        this.lineSets = new LineSets(table, clock);
        this.reader = new ContractReader(table, lineSets);
    }

    @Override
    public ApplyResult applySnapshot(String companyId, ContractSnapshot snapshot) {
        String pk = Keys.contract(companyId, snapshot.contractId());
        Attempt attempt = new Attempt(pk);
        return Attempts.upTo(Attempts.DEFAULT, "contract kept changing while a snapshot was stored",
                () -> attempt.next(companyId, snapshot));
    }

    /** One snapshot's attempts: the set it wrote once, and what its last commit would have replaced. */
    private final class Attempt {
        private final String pk;
        private LineSetRef written;
        // what the last commit attempt would replace, in case it went through without us hearing of it
        private LineSetRef supersededByAttempt;
        private LineSetRef syncedAtAttempt;

        Attempt(String pk) {
            this.pk = pk;
        }

        Optional<ApplyResult> next(String companyId, ContractSnapshot snapshot) {
            ContractHead head = reader.anyHead(companyId, snapshot.contractId());
            LineSetRef current = head.current();
            if (written != null && current != null && written.setId().equals(current.setId())) {
                // Our commit was applied although its answer was lost: the SDK's retry of it then failed the
                // condition. The head names our set now; removing it as a refused snapshot's would corrupt it.
                dropSuperseded(supersededByAttempt, syncedAtAttempt);
                return Optional.of(ApplyResult.APPLIED);
            }
            if (snapshot.erpVersion() <= head.erpVersion()) {
                if (written != null) {
                    lineSets.deleteQuietly(pk, written);
                }
                return Optional.of(ApplyResult.STALE);
            }
            if (written == null) {
                written = lineSets.write(pk, snapshot.lineItems());
            }
            LineSetRef synced = head.synced();
            List<LineItem> syncedLines = List.of();
            if (synced != null) {
                syncedLines = lineSets.read(pk, synced);
                if (syncedLines == null) {
                    return Optional.empty(); // a re-import replaced the synced set while we read it
                }
            }
            PendingChanges pending = ContractDiff.between(syncedLines, snapshot.lineItems()).counts();
            // a set an active sync is writing to Procore stays until that sync has ended
            LineSetRef activeTarget = head.active() == null ? null : head.active().target();
            supersededByAttempt = activeTarget != null && current != null
                    && activeTarget.setId().equals(current.setId()) ? null : current;
            syncedAtAttempt = synced;
            if (!table.update(HeadItem.key(companyId, snapshot.contractId()),
                    snapshotUpdate(companyId, snapshot, written, pending, synced != null, head.rev()))) {
                return Optional.empty();
            }
            dropSuperseded(supersededByAttempt, synced);
            return Optional.of(ApplyResult.APPLIED);
        }

        /** Removes the current set a snapshot replaced, unless the project still holds it. */
        private void dropSuperseded(LineSetRef previous, LineSetRef synced) {
            if (previous != null && (synced == null || !previous.setId().equals(synced.setId()))) {
                lineSets.deleteQuietly(pk, previous);
            }
        }
    }

    private static Update snapshotUpdate(String companyId, ContractSnapshot s, LineSetRef set, PendingChanges pending,
            boolean imported, long revision) {
        return HeadItem.advance(revision)
                .set(COMPANY_ID, s(companyId))
                .set(CONTRACT_ID, s(s.contractId()))
                .set(JOB_NUMBER, s(s.jobNumber()))
                .set(TITLE, s(s.title()))
                .set(ERP_STATUS, s(s.status().wire()))
                .set(ERP_VERSION, n(s.erpVersion()))
                .set(ERP_AMOUNT, money(s.originalContractAmount()))
                .setOrRemove(RETAINAGE_PERCENT, s.retainagePercent() == null ? null : money(s.retainagePercent()))
                .set(CURRENT_LINES, HeadItem.lineSet(set))
                .set(PENDING_CHANGES, HeadItem.pending(pending))
                .set(Keys.GSI1PK, s(Keys.listing(companyId, imported)))
                .set(Keys.GSI1SK, s(s.contractId()));
    }

    @Override
    public ApplyResult applyDeletion(String companyId, String contractId, long erpVersion) {
        Update u = new Update()
                .set(COMPANY_ID, s(companyId))
                .set(CONTRACT_ID, s(contractId))
                .set(DELETED_VERSION, n(erpVersion))
                .increment(REVISION, 1);
        String v = u.value(n(erpVersion));
        u.when(u.absent(DELETED_VERSION) + " OR " + u.name(DELETED_VERSION) + " < " + v)
                .when(u.absent(ERP_VERSION) + " OR " + u.name(ERP_VERSION) + " <= " + v);
        return table.update(HeadItem.key(companyId, contractId), u) ? ApplyResult.APPLIED : ApplyResult.STALE;
    }

    @Override
    public ApplyResult applyRefused(String companyId, RefusedSnapshot refused) {
        Update u = new Update()
                .set(COMPANY_ID, s(companyId))
                .set(CONTRACT_ID, s(refused.contractId()))
                .set(ERP_REFUSED, HeadItem.refused(refused))
                // a contract known by a refusal alone is listed with the staged ones
                .setIfAbsent(Keys.GSI1PK, s(Keys.listing(companyId, false)))
                .setIfAbsent(Keys.GSI1SK, s(refused.contractId()))
                .increment(REVISION, 1);
        String v = u.value(n(refused.erpVersion()));
        u.when(u.absent(ERP_REFUSED) + " OR " + u.name(ERP_REFUSED, ERP_VERSION) + " < " + v)
                .when(u.absent(ERP_VERSION) + " OR " + u.name(ERP_VERSION) + " < " + v)
                .when(u.absent(DELETED_VERSION) + " OR " + u.name(DELETED_VERSION) + " < " + v);
        return table.update(HeadItem.key(companyId, refused.contractId()), u) ? ApplyResult.APPLIED : ApplyResult.STALE;
    }
}
