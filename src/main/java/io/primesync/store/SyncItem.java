package io.primesync.store;

import static io.primesync.store.Attr.money;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.num;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.*;

import io.primesync.domain.Sync;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The mapper of the sync record: the same attributes make a sync item, the head's {@code activeSync} and
 * {@code lastSync}, and the sync an Idempotency-Key replays.
 */
final class SyncItem {
    private SyncItem() {}

    static Map<String, AttributeValue> toItem(Sync r, long revision) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(SYNC_ID, s(r.syncId()));
        m.put(KIND, s(r.kind().wire()));
        m.put(CONTRACT_ID, s(r.contractId()));
        m.put(PROJECT_ID, s(r.projectId()));
        if (r.procorePrimeContractId() != null) {
            m.put(PROCORE_PRIME_CONTRACT_ID, s(r.procorePrimeContractId()));
        }
        m.put(ERP_VERSION, n(r.erpVersion()));
        m.put(STATUS, s(r.status().wire()));
        m.put(LINES_WRITTEN, n(r.linesWritten()));
        m.put(LINES_TOTAL, n(r.linesTotal()));
        m.put(PREVIOUS_AMOUNT, money(r.previousAmount()));
        m.put(NEW_AMOUNT, money(r.newAmount()));
        m.put(ADDED, n(r.added()));
        m.put(CHANGED, n(r.changed()));
        m.put(REMOVED, n(r.removed()));
        m.put(REQUESTED_AT, s(r.requestedAt().toString()));
        m.put(REQUESTED_BY, s(r.requestedBy()));
        if (r.finishedAt() != null) {
            m.put(FINISHED_AT, s(r.finishedAt().toString()));
        }
        if (r.error() != null) {
            m.put(ERROR_CODE, s(r.error().code()));
            m.put(ERROR_MESSAGE, s(r.error().message()));
        }
        if (r.restoreStatus() != null) {
            m.put(RESTORE_STATUS, s(r.restoreStatus()));
        }
        if (r.overwrites() != null) {
            m.put(OVERWRITES, ProcoreLinesItem.overwrites(r.overwrites()));
        }
        m.put(REVISION, n(revision));
        return m;
    }

    static Sync toSync(Map<String, AttributeValue> m) {
        String finished = str(m, FINISHED_AT);
        String code = str(m, ERROR_CODE);
        return new Sync(
                str(m, SYNC_ID),
                Sync.Kind.fromWire(str(m, KIND)),
                str(m, CONTRACT_ID),
                str(m, PROJECT_ID),
                str(m, PROCORE_PRIME_CONTRACT_ID),
                num(m, ERP_VERSION, 0),
                Sync.Status.fromWire(str(m, STATUS)),
                (int) num(m, LINES_WRITTEN, 0),
                (int) num(m, LINES_TOTAL, 0),
                new BigDecimal(str(m, PREVIOUS_AMOUNT)),
                new BigDecimal(str(m, NEW_AMOUNT)),
                (int) num(m, ADDED, 0),
                (int) num(m, CHANGED, 0),
                (int) num(m, REMOVED, 0),
                Instant.parse(str(m, REQUESTED_AT)),
                str(m, REQUESTED_BY),
                finished == null ? null : Instant.parse(finished),
                code == null ? null : new Sync.Failure(code, str(m, ERROR_MESSAGE)),
                str(m, RESTORE_STATUS),
                ProcoreLinesItem.overwrites(Attr.mapOf(m, OVERWRITES)));
    }

    static long revision(Map<String, AttributeValue> m) {
        return num(m, REVISION, 0);
    }
}
