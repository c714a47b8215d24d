package io.primesync.store;

import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.COMPANY_ID;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The companies the reconciliation reads Procore for: one item each in the {@code COMPANIES} partition. */
final class Companies {
    private final Table table;

    Companies(Table table) {
        this.table = table;
    }

    /** Harmless to repeat. */
    void register(String companyId) {
        table.put(Map.of(Keys.PK, s(Keys.COMPANIES), Keys.SK, s(Keys.company(companyId)), COMPANY_ID, s(companyId)), null);
    }

    /** Harmless to repeat. */
    void unregister(String companyId) {
        table.delete(Map.of(Keys.PK, s(Keys.COMPANIES), Keys.SK, s(Keys.company(companyId))), null);
    }

    List<String> all() {
        List<String> out = new ArrayList<>();
        table.queryAll(QueryRequest.builder().keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(Keys.COMPANIES))), item -> out.add(str(item, COMPANY_ID)));
        return out;
    }
}
