package io.primesync.store;

import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.num;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.CHECKED_AT;
import static io.primesync.store.Attributes.COMPANY_ID;
import static io.primesync.store.Attributes.FULL_AT;
import static io.primesync.store.Attributes.FULL_CURSOR;
import static io.primesync.store.Attributes.FULL_STARTED_AT;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The companies the reconciliation reads Procore for (one item each in the {@code COMPANIES} partition), and where each
 * one's reconciliation stands (an item of its own, so registering again never loses it).
 */
final class Companies {
    private final Table table;

    Companies(Table table) {
        this.table = table;
    }

    /** Harmless to repeat. */
    void register(String companyId) {
        table.put(Map.of(Keys.PK, s(Keys.COMPANIES), Keys.SK, s(Keys.company(companyId)), COMPANY_ID, s(companyId)), null);
    }

    /** Harmless to repeat; the company's reconciliation marks go with it, so a return starts with a full pass. */
    void unregister(String companyId) {
        table.delete(Map.of(Keys.PK, s(Keys.COMPANIES), Keys.SK, s(Keys.company(companyId))), null);
        table.delete(Keys.key(Keys.reconcile(companyId), Keys.RECONCILE), null);
    }

    ProjectRecords.ReconcileMarks marks(String companyId) {
        Map<String, AttributeValue> item = table.get(Keys.key(Keys.reconcile(companyId), Keys.RECONCILE));
        if (item == null) {
            return ProjectRecords.ReconcileMarks.NONE;
        }
        return new ProjectRecords.ReconcileMarks(num(item, CHECKED_AT, 0), num(item, FULL_AT, 0), str(item, FULL_CURSOR),
                num(item, FULL_STARTED_AT, 0));
    }

    void saveMarks(String companyId, ProjectRecords.ReconcileMarks marks) {
        Map<String, AttributeValue> item = new HashMap<>(Keys.key(Keys.reconcile(companyId), Keys.RECONCILE));
        item.put(COMPANY_ID, s(companyId));
        item.put(CHECKED_AT, n(marks.checkedAt()));
        item.put(FULL_AT, n(marks.fullAt()));
        item.put(FULL_STARTED_AT, n(marks.fullStartedAt()));
        if (marks.fullCursor() != null) {
            item.put(FULL_CURSOR, s(marks.fullCursor()));
        }
        table.put(item, null);
    }

    List<String> all() {
        List<String> out = new ArrayList<>();
        table.queryAll(QueryRequest.builder().keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(Keys.COMPANIES))), item -> out.add(str(item, COMPANY_ID)));
        return out;
    }
}
