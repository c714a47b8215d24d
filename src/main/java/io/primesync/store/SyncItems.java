package io.primesync.store;

import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.num;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.*;

import io.primesync.domain.Sync;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The writes of sync items (one per sync, ordered by the revision its acceptance produced): the candidate written
 * just before the head accepts it, its lease and progress while a worker writes it, its end. The head decides
 * whether a sync was accepted ({@code activeSync}, then {@code lastSync}), so an item the head never named is an
 * abandoned attempt that readers pass over ({@link SyncHistory}).
 */
final class SyncItems {
    /** The index partition of unfinished syncs, which the sweeper reads. */
    static final String ACTIVE_LISTING = "SYNCS#active";

    /** The sync's item: its record and its lease. */
    record Stored(Sync sync, String leaseOwner, long leaseUntilMillis, String companyId, String pk, long revision) {
        static Stored of(Map<String, AttributeValue> item) {
            return new Stored(SyncItem.toSync(item), str(item, LEASE_OWNER), num(item, LEASE_UNTIL, 0),
                    str(item, COMPANY_ID), str(item, Keys.PK), SyncItem.revision(item));
        }
    }

    private final Table table;

    SyncItems(Table table) {
        this.table = table;
    }

    static Map<String, AttributeValue> key(String pk, long revision, String syncId) {
        return Keys.key(pk, Keys.sync(revision, syncId));
    }

    /** Writes a sync about to be accepted, listed as unfinished for the sweeper; false if its id was used. */
    boolean putPending(String companyId, String pk, Sync sync, long revision) {
        Map<String, AttributeValue> item = new HashMap<>(SyncItem.toItem(sync, revision));
        item.putAll(key(pk, revision, sync.syncId()));
        item.put(COMPANY_ID, s(companyId));
        item.put(Keys.GSI1PK, s(ACTIVE_LISTING));
        item.put(Keys.GSI1SK, s(sync.requestedAt() + "#" + pk + "#" + sync.syncId()));
        Condition c = new Condition();
        c.when(c.absent(Keys.PK));
        return table.put(item, c);
    }

    /** Records the sync's end (or brings a lagging item up to the head's record): no longer unfinished. */
    void finish(String pk, Sync sync, long revision) {
        Update u = new Update();
        SyncItem.toItem(sync, revision).forEach(u::set);
        u.remove(Keys.GSI1PK).remove(Keys.GSI1SK).remove(LEASE_OWNER).remove(LEASE_UNTIL);
        table.update(key(pk, revision, sync.syncId()), u);
    }

    /** Removes an attempt the head never accepted. */
    void deleteQuietly(String pk, long revision, String syncId) {
        try {
            table.delete(key(pk, revision, syncId), null);
        } catch (RuntimeException e) {
            // the sweeper removes abandoned attempts
        }
    }

    Optional<Stored> get(String pk, long revision, String syncId) {
        Map<String, AttributeValue> item = table.get(key(pk, revision, syncId));
        return item.isEmpty() ? Optional.empty() : Optional.of(Stored.of(item));
    }

    /**
     * Takes the lease of an unfinished sync for a worker: when nobody holds it, its holder's lease ran out, or the
     * worker holds it already (a redelivery to the same worker).
     */
    boolean lease(String pk, long revision, String syncId, String owner, long nowMillis, long untilMillis) {
        Update u = new Update().set(LEASE_OWNER, s(owner)).set(LEASE_UNTIL, n(untilMillis))
                .set(STATUS, s(Sync.Status.WRITING.wire()));
        u.when("attribute_exists(" + u.name(Keys.PK) + ")")
                .when(u.name(STATUS) + " IN (" + u.value(s(Sync.Status.PENDING.wire())) + ", "
                        + u.value(s(Sync.Status.WRITING.wire())) + ")")
                .when(u.absent(LEASE_UNTIL) + " OR " + u.name(LEASE_UNTIL) + " < " + u.value(n(nowMillis)) + " OR "
                        + u.name(LEASE_OWNER) + " = " + u.value(s(owner)));
        return table.update(key(pk, revision, syncId), u);
    }

    /** Records progress and renews the lease; false when the lease is no longer this worker's. */
    boolean progress(String pk, long revision, Sync sync, String owner, long untilMillis) {
        Update u = new Update().set(STATUS, s(sync.status().wire())).set(LINES_WRITTEN, n(sync.linesWritten()))
                .set(LINES_TOTAL, n(sync.linesTotal())).set(LEASE_UNTIL, n(untilMillis))
                .setOrRemove(PROCORE_PRIME_CONTRACT_ID, sync.procorePrimeContractId() == null ? null
                        : s(sync.procorePrimeContractId()))
                // the status the write set to Draft and restores: what a resumed attempt must still restore
                .setOrRemove(RESTORE_STATUS, sync.restoreStatus() == null ? null : s(sync.restoreStatus()))
                // what the write found in Procore before it wrote: a resumed attempt finds its own writes instead
                .setOrRemove(OVERWRITES, sync.overwrites() == null ? null : ProcoreLinesItem.overwrites(sync.overwrites()));
        u.when(u.name(LEASE_OWNER) + " = " + u.value(s(owner)));
        return table.update(key(pk, revision, sync.syncId()), u);
    }

    /** Ends this worker's lease early, so the next delivery need not wait for it. */
    void releaseQuietly(String pk, long revision, String syncId, String owner) {
        try {
            Update u = new Update().set(LEASE_UNTIL, n(0));
            u.when(u.name(LEASE_OWNER) + " = " + u.value(s(owner)));
            table.update(key(pk, revision, syncId), u);
        } catch (RuntimeException e) {
            // it runs out by itself
        }
    }
}
