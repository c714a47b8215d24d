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
import static io.primesync.store.Attributes.*;

import io.primesync.domain.ChangeOrderName;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.NotVisible;
import io.primesync.domain.PccoStatus;
import io.primesync.domain.PendingChanges;
import io.primesync.domain.RefusedSnapshot;
import io.primesync.domain.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The mapper of the contract head item: the item to {@link ContractHead} and back, its line set references and its
 * pending counts, and the one conditional update that moves it on from the revision it was read at.
 */
final class HeadItem {
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
        Map<String, String> linkedTo = new TreeMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (e.getKey().startsWith(PROJECT_LINK_PREFIX) && e.getValue().hasM() && bool(e.getValue().m(), LINKED)) {
                linkedTo.put(e.getKey().substring(PROJECT_LINK_PREFIX.length()), str(e.getValue().m(), PRIME_CONTRACT_ID));
            }
        }
        Set<String> linked = new TreeSet<>(linkedTo.keySet());
        // an approved change order counts while the prime contract it belongs to is the contract's in a linked
        // project: one of a prime contract deleted in Procore (or made again by hand) no longer does
        Map<String, ChangeOrderName> approved = new TreeMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (!e.getKey().startsWith(CHANGE_ORDER_PREFIX) || !e.getValue().hasM()) {
                continue;
            }
            Map<String, AttributeValue> register = e.getValue().m();
            String project = str(register, PROJECT_ID);
            String in = str(register, PRIME_CONTRACT_ID);
            if (PccoStatus.APPROVED.wire().equals(str(register, STATUS)) && linkedTo.containsKey(project)
                    && (in == null || linkedTo.get(project) == null || in.equals(linkedTo.get(project)))) {
                String id = e.getKey().substring(CHANGE_ORDER_PREFIX.length());
                approved.put(id, new ChangeOrderName(id, str(register, NUMBER), str(register, TITLE)));
            }
        }
        // Procore's status of the prime contract the product writes; one read of another prime contract says nothing
        Map<String, AttributeValue> procoreStatus = mapOrEmpty(item, PROCORE_STATUS);
        String statusOf = str(procoreStatus, PRIME_CONTRACT_ID);
        String writtenTo = str(item, PROCORE_PRIME_CONTRACT_ID);
        Map<String, AttributeValue> procoreLines = mapOrEmpty(item, PROCORE_LINES);
        Map<String, AttributeValue> pending = mapOf(item, PENDING_CHANGES);
        Map<String, AttributeValue> lastSync = mapOf(item, LAST_SYNC);
        Map<String, AttributeValue> active = mapOf(item, ACTIVE_SYNC);
        String lastSyncedAt = str(item, LAST_SYNCED_AT);
        // a refusal counts while no later version was accepted (or deleted); a contract known by it alone is named by it
        RefusedSnapshot refused = refused(mapOf(item, ERP_REFUSED), str(item, CONTRACT_ID));
        if (refused != null && refused.erpVersion() <= Math.max(erpVersion, deletedVersion)) {
            refused = null;
        }
        boolean refusedOnly = erpVersion == 0 && refused != null;
        return new ContractHead(
                str(item, COMPANY_ID),
                str(item, CONTRACT_ID),
                refusedOnly ? refused.jobNumber() : str(item, JOB_NUMBER),
                refusedOnly ? refused.title() : str(item, TITLE),
                refusedOnly ? refused.status() : ContractStatus.fromWire(str(item, ERP_STATUS)),
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
                new ArrayList<>(approved.values()),
                active == null ? null : new ContractHead.ActiveSync(SyncItem.toSync(active),
                        num(active, REVISION, 0), lineSet(active, TARGET_LINES)),
                lastSync == null ? null : SyncItem.toSync(lastSync),
                lastSync == null ? 0 : num(lastSync, REVISION, 0),
                ProcoreLinesItem.procoreLines(procoreLines),
                str(mapOrEmpty(item, PROCORE_OWNER), OWNER),
                statusOf != null && statusOf.equals(writtenTo) ? str(procoreStatus, STATUS) : null,
                ContractHead.linkedPrimeContract(notVisible(mapOrEmpty(item, PROCORE_NOT_VISIBLE)), linkedTo),
                refused,
                num(item, REVISION, 0));
    }

    /** A refused snapshot as the head keeps it. */
    static AttributeValue refused(RefusedSnapshot r) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(ERP_VERSION, n(r.erpVersion()));
        m.put(EVENT_ID, s(r.eventId()));
        m.put(REFUSED_AT, s(r.refusedAt()));
        if (r.jobNumber() != null) {
            m.put(JOB_NUMBER, s(r.jobNumber()));
        }
        if (r.title() != null) {
            m.put(TITLE, s(r.title()));
        }
        if (r.status() != null) {
            m.put(ERP_STATUS, s(r.status().wire()));
        }
        List<AttributeValue> problems = new ArrayList<>();
        for (Violation v : r.problems()) {
            problems.add(map(Map.of(FIELD, s(v.field()), MESSAGE, s(v.message()))));
        }
        m.put(PROBLEMS, AttributeValue.fromL(problems));
        m.put(PROBLEM_COUNT, n(r.problemCount()));
        return map(m);
    }

    /** A refused snapshot from its register, or null without one. */
    static RefusedSnapshot refused(Map<String, AttributeValue> m, String contractId) {
        if (m == null || !m.containsKey(ERP_VERSION)) {
            return null;
        }
        List<Violation> problems = new ArrayList<>();
        AttributeValue list = m.get(PROBLEMS);
        if (list != null && list.hasL()) {
            for (AttributeValue v : list.l()) {
                problems.add(new Violation(str(v.m(), FIELD), str(v.m(), MESSAGE)));
            }
        }
        return new RefusedSnapshot(contractId, str(m, JOB_NUMBER), str(m, TITLE), ContractStatus.fromWire(str(m, ERP_STATUS)),
                num(m, ERP_VERSION, 0), str(m, EVENT_ID), problems, (int) num(m, PROBLEM_COUNT, problems.size()),
                str(m, REFUSED_AT));
    }

    /** A not-visible register: the thing unseen, or null when it was seen at the last read. */
    static NotVisible notVisible(Map<String, AttributeValue> register) {
        String why = str(register, WHY);
        return why == null ? null : new NotVisible(str(register, WHAT), str(register, PROJECT_ID),
                str(register, PRIME_CONTRACT_ID), why, str(register, SINCE));
    }

    /**
     * An update of the head read at {@code revision}: it applies only while the head is still at that revision (or,
     * at 0, while it has none), and moves it to the next. Every write that decides something about a sync (a
     * snapshot, an acceptance, an end) goes through it, so a decision made on a head that has moved since is refused.
     */
    static Update advance(long revision) {
        Update u = new Update().set(REVISION, n(revision + 1));
        return u.when(revision == 0 ? u.absent(REVISION) : u.name(REVISION) + " = " + u.value(n(revision)));
    }

    static Map<String, AttributeValue> key(String companyId, String contractId) {
        return Keys.key(Keys.contract(companyId, contractId), Keys.HEAD);
    }

    private static Map<String, AttributeValue> mapOrEmpty(Map<String, AttributeValue> item, String name) {
        Map<String, AttributeValue> m = mapOf(item, name);
        return m == null ? Map.of() : m;
    }
}
