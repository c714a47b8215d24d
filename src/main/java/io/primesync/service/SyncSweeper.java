package io.primesync.service;

import io.primesync.logging.Log;
import io.primesync.store.ContractHead;
import io.primesync.store.SyncRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The scheduled sweep of syncs left unfinished: one accepted but never queued (the request died between the two), or
 * whose worker died and whose message will not be back for a long while, is queued again once its lease has run out;
 * the item of one that ended is brought up to the head's record; an attempt the head never accepted is removed.
 */
public final class SyncSweeper {
    /** What one sweep found and did. */
    public record Result(int unfinished, int running, int queued, int tidied) {}

    /** At most this many syncs per sweep; the next sweep takes the rest. */
    static final int LIMIT = 500;

    private final SyncRecords store;
    private final SyncQueue queue;
    private final Clock clock;

    public SyncSweeper(SyncRecords store, SyncQueue queue, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * @param minAge a sync younger than this is left alone: its own message is on its way, or its acceptance is
     *     still being written
     */
    public Result sweep(Duration minAge) {
        int running = 0;
        int queued = 0;
        int tidied = 0;
        List<SyncRecords.Unfinished> unfinished = store.unfinishedSyncs(LIMIT);
        long now = clock.millis();
        for (SyncRecords.Unfinished u : unfinished) {
            if (u.leaseUntilMillis() > now) {
                running++;
                continue;
            }
            if (u.requestedAt().plus(minAge).toEpochMilli() > now) {
                continue;
            }
            Optional<ContractHead> head = store.head(u.companyId(), u.contractId());
            boolean active = head.map(ContractHead::active).filter(a -> a.sync().syncId().equals(u.syncId())).isPresent();
            if (active) {
                queue.enqueue(u.companyId(), u.contractId(), u.syncId(), u.revision(), 0);
                queued++;
            } else {
                store.tidySync(u.companyId(), u.contractId(), u.syncId(), u.revision());
                tidied++;
            }
        }
        Result result = new Result(unfinished.size(), running, queued, tidied);
        Log.info("sweep", "unfinished", result.unfinished(), "running", result.running(), "queued", result.queued(),
                "tidied", result.tidied());
        return result;
    }
}
