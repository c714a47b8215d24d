package io.primesync.store;

import static io.primesync.store.Attr.bool;
import static io.primesync.store.Attr.decimal;
import static io.primesync.store.Attr.map;
import static io.primesync.store.Attr.mapOf;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.num;
import static io.primesync.store.Attr.numOrNull;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;

import io.primesync.domain.ContractStatus;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.PendingChanges;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The contract head item: its attribute names, and the mapping between the item and {@link ContractHead}. */
final class HeadItem {
    static final String COMPANY_ID = "companyId";
    static final String CONTRACT_ID = "contractId";
    static final String JOB_NUMBER = "jobNumber";
    static final String TITLE = "title";
    static final String ERP_STATUS = "erpStatus";
    static final String ERP_VERSION = "erpVersion";
    static final String ERP_AMOUNT = "erpAmount";
    static final String RETAINAGE_PERCENT = "retainagePercent";
    static final String DELETED_VERSION = "deletedVersion";
    /** The line set of the current ERP content: {@code {setId, chunks, lines}}. */
    static final String CURRENT_LINES = "currentLines";
    static final String SYNCED_VERSION = "syncedVersion";
    /** The line set the project holds since the last sync. */
    static final String SYNCED_LINES = "syncedLines";
    static final String CONTRACT_AMOUNT = "contractAmount";
    static final String LAST_SYNCED_AT = "lastSyncedAt";
    /** The newest sync record, kept on the head from the moment it is accepted ({@link SyncItems}). */
    static final String LAST_SYNC = "lastSync";
    /**
     * The sync accepted and not finished: its record, {@code revision} (the one its acceptance produced) and
     * {@code targetLines} (the line set it brings Procore to). Present only while a sync is pending or writing.
     */
    static final String ACTIVE_SYNC = "activeSync";
    static final String TARGET_LINES = "targetLines";
    /** The Procore prime contract the product writes this contract to, once it is known. */
    static final String PROCORE_PRIME_CONTRACT_ID = "procorePrimeContractId";
    /** What a re-import would change: {@code {added, changed, removed}}. */
    static final String PENDING_CHANGES = "pendingChanges";
    /** One attribute per project the contract was linked to or unlinked from: {@code {linked, occurredAt, eventId}}. */
    static final String PROJECT_LINK_PREFIX = "projectLink#";
    /** One attribute per change order: {@code {status, projectId, occurredAt, eventId}}. */
    static final String CHANGE_ORDER_PREFIX = "changeOrder#";
    /**
     * Procore's line items against what was synced, as last read: {@code {differing, occurredAt, eventId}} (differing
     * 0 when they match).
     */
    static final String PROCORE_LINES = "procoreLines";
    static final String DIFFERING = "differing";
    /** Moves on every change that matters to a sync; a sync is accepted only at the revision it was evaluated at. */
    static final String REVISION = "revision";

    static final String SET_ID = "setId";
    static final String CHUNKS = "chunks";
    static final String LINES = "lines";
    static final String ADDED = "added";
    static final String CHANGED = "changed";
    static final String REMOVED = "removed";
    static final String LINKED = "linked";
    static final String STATUS = "status";
    static final String PROJECT_ID = "projectId";
    /** On a link or change-order register: the Procore prime contract it is about. */
    static final String PRIME_CONTRACT_ID = "primeContractId";
    static final String OCCURRED_AT = "occurredAt";
    static final String EVENT_ID = "eventId";

    private HeadItem() {}

    static AttributeValue lineSet(LineSetRef set) {
        return map(Map.of(SET_ID, s(set.setId()), CHUNKS, n(set.chunks()), LINES, n(set.lines())));
    }

    static LineSetRef lineSet(Map<String, AttributeValue> item, String attribute) {
        Map<String, AttributeValue> set = mapOf(item, attribute);
        if (set == null || str(set, SET_ID) == null) {
            return null;
        }
        return new LineSetRef(str(set, SET_ID), (int) num(set, CHUNKS, 0), (int) num(set, LINES, 0));
    }

    static AttributeValue pending(PendingChanges pending) {
        return map(Map.of(ADDED, n(pending.added()), CHANGED, n(pending.changed()), REMOVED, n(pending.removed())));
    }

    static ContractHead toHead(Map<String, AttributeValue> item) {
        long erpVersion = num(item, ERP_VERSION, 0);
        long deletedVersion = num(item, DELETED_VERSION, 0);
        // the projects the contract is linked to, each with the prime contract it is in there (when known)
        Map<String, String> linkedTo = new java.util.TreeMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (e.getKey().startsWith(PROJECT_LINK_PREFIX) && e.getValue().hasM() && bool(e.getValue().m(), LINKED)) {
                linkedTo.put(e.getKey().substring(PROJECT_LINK_PREFIX.length()), str(e.getValue().m(), PRIME_CONTRACT_ID));
            }
        }
        Set<String> linked = new TreeSet<>(linkedTo.keySet());
        // an approved change order counts while the prime contract it belongs to is the contract's in a linked
        // project: one of a prime contract deleted in Procore (or made again by hand) no longer does
        Set<String> approved = new TreeSet<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (!e.getKey().startsWith(CHANGE_ORDER_PREFIX) || !e.getValue().hasM()) {
                continue;
            }
            Map<String, AttributeValue> register = e.getValue().m();
            String project = str(register, PROJECT_ID);
            String in = str(register, PRIME_CONTRACT_ID);
            if (PccoStatus.APPROVED.wire().equals(str(register, STATUS)) && linkedTo.containsKey(project)
                    && (in == null || linkedTo.get(project) == null || in.equals(linkedTo.get(project)))) {
                approved.add(e.getKey().substring(CHANGE_ORDER_PREFIX.length()));
            }
        }
        Map<String, AttributeValue> pending = mapOf(item, PENDING_CHANGES);
        Map<String, AttributeValue> lastSync = mapOf(item, LAST_SYNC);
        Map<String, AttributeValue> active = mapOf(item, ACTIVE_SYNC);
        String lastSyncedAt = str(item, LAST_SYNCED_AT);
        return new ContractHead(
                str(item, COMPANY_ID),
                str(item, CONTRACT_ID),
                str(item, JOB_NUMBER),
                str(item, TITLE),
                ContractStatus.fromWire(str(item, ERP_STATUS)),
                deletedVersion > 0 && deletedVersion >= erpVersion,
                erpVersion,
                decimal(item, ERP_AMOUNT),
                decimal(item, RETAINAGE_PERCENT),
                lineSet(item, CURRENT_LINES),
                numOrNull(item, SYNCED_VERSION),
                lineSet(item, SYNCED_LINES),
                decimal(item, CONTRACT_AMOUNT),
                lastSyncedAt == null ? null : Instant.parse(lastSyncedAt),
                str(item, PROCORE_PRIME_CONTRACT_ID),
                pending == null ? PendingChanges.NONE : new PendingChanges((int) num(pending, ADDED, 0),
                        (int) num(pending, CHANGED, 0), (int) num(pending, REMOVED, 0)),
                new ArrayList<>(linked),
                new ArrayList<>(approved),
                active == null ? null : new ContractHead.ActiveSync(SyncItems.toSync(active),
                        num(active, SyncItems.REVISION, 0), lineSet(active, TARGET_LINES)),
                lastSync == null ? null : SyncItems.toSync(lastSync),
                lastSync == null ? 0 : num(lastSync, SyncItems.REVISION, 0),
                (int) Math.max(0, num(mapOrEmpty(item, PROCORE_LINES), DIFFERING, 0)),
                num(item, REVISION, 0));
    }

    private static Map<String, AttributeValue> mapOrEmpty(Map<String, AttributeValue> item, String name) {
        Map<String, AttributeValue> m = mapOf(item, name);
        return m == null ? Map.of() : m;
    }
}
