package io.primesync.store;

import static io.primesync.store.Attr.bool;
import static io.primesync.store.Attr.decimal;
import static io.primesync.store.Attr.map;
import static io.primesync.store.Attr.money;
import static io.primesync.store.Attr.n;
import static io.primesync.store.Attr.num;
import static io.primesync.store.Attr.s;
import static io.primesync.store.Attr.str;
import static io.primesync.store.Attributes.*;

import io.primesync.domain.LineItem;
import io.primesync.domain.Overwrites;
import io.primesync.domain.ProcoreLines;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The mapper of what was read of Procore's lines (the head's register) and of what a sync wrote over. */
final class ProcoreLinesItem {
    private ProcoreLinesItem() {}

    /** The register's fields (its stamp is the caller's). */
    static Map<String, AttributeValue> register(ProcoreLines lines) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(DIFFERING, n(lines.differing()));
        m.put(FOREIGN, n(lines.foreign()));
        if (lines.amount() != null) {
            m.put(AMOUNT, money(lines.amount()));
        }
        if (!lines.edits().isEmpty()) {
            m.put(EDITS, AttributeValue.fromL(lines.edits().stream().map(ProcoreLinesItem::edit).toList()));
        }
        return m;
    }

    static ProcoreLines procoreLines(Map<String, AttributeValue> register) {
        if (register == null || register.isEmpty()) {
            return ProcoreLines.NONE;
        }
        List<ProcoreLines.Edit> edits = new ArrayList<>();
        AttributeValue list = register.get(EDITS);
        if (list != null && list.hasL()) {
            list.l().forEach(v -> edits.add(edit(v.m())));
        }
        return new ProcoreLines((int) Math.max(0, num(register, DIFFERING, 0)),
                (int) Math.max(0, num(register, FOREIGN, 0)), decimal(register, AMOUNT), edits);
    }

    private static AttributeValue edit(ProcoreLines.Edit e) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(KIND, s(e.kind().wire()));
        putIfPresent(m, ITEM_CODE, e.itemCode());
        putIfPresent(m, PROCORE_LINE_ID, e.procoreLineId());
        putIfPresent(m, CHANGED_AT, e.changedAt() == null ? null : e.changedAt().toString());
        LineItem f = e.found();
        if (f != null) {
            putIfPresent(m, DESCRIPTION, f.description());
            m.put(AMOUNT, money(f.amount()));
            putIfPresent(m, QUANTITY, f.quantity() == null ? null : f.quantity().toPlainString());
            putIfPresent(m, UNIT_OF_MEASURE, f.unitOfMeasure());
            putIfPresent(m, UNIT_PRICE, f.unitPrice() == null ? null : f.unitPrice().toPlainString());
        }
        return map(m);
    }

    private static ProcoreLines.Edit edit(Map<String, AttributeValue> m) {
        String itemCode = str(m, ITEM_CODE);
        BigDecimal amount = decimal(m, AMOUNT);
        LineItem found = amount == null ? null : new LineItem(itemCode, str(m, DESCRIPTION), amount,
                decimal(m, QUANTITY), str(m, UNIT_OF_MEASURE), decimal(m, UNIT_PRICE));
        return new ProcoreLines.Edit(ProcoreLines.Kind.fromWire(str(m, KIND)), itemCode, str(m, PROCORE_LINE_ID), found,
                instant(str(m, CHANGED_AT)));
    }

    static AttributeValue overwrites(Overwrites o) {
        List<AttributeValue> lines = new ArrayList<>();
        for (Overwrites.Overwrite w : o.lines()) {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put(KIND, s(w.kind().wire()));
            putIfPresent(m, ITEM_CODE, w.itemCode());
            putIfPresent(m, DESCRIPTION, w.description());
            putIfPresent(m, FOUND, w.found() == null ? null : w.found().toPlainString());
            putIfPresent(m, WRITTEN, w.written() == null ? null : w.written().toPlainString());
            putIfPresent(m, CHANGED_AT, w.changedAt() == null ? null : w.changedAt().toString());
            m.put(PREVIEWED, bool(w.previewed()));
            lines.add(map(m));
        }
        return map(Map.of(LINES, AttributeValue.fromL(lines), TOTAL, n(o.total()),
                NOT_AS_PREVIEWED, n(o.notAsPreviewed())));
    }

    static Overwrites overwrites(Map<String, AttributeValue> m) {
        if (m == null) {
            return null;
        }
        List<Overwrites.Overwrite> lines = new ArrayList<>();
        AttributeValue list = m.get(LINES);
        if (list != null && list.hasL()) {
            for (AttributeValue v : list.l()) {
                Map<String, AttributeValue> w = v.m();
                lines.add(new Overwrites.Overwrite(ProcoreLines.Kind.fromWire(str(w, KIND)), str(w, ITEM_CODE),
                        str(w, DESCRIPTION), decimal(w, FOUND), decimal(w, WRITTEN), instant(str(w, CHANGED_AT)),
                        bool(w, PREVIEWED)));
            }
        }
        return new Overwrites(lines, (int) num(m, TOTAL, 0), (int) num(m, NOT_AS_PREVIEWED, 0));
    }

    private static void putIfPresent(Map<String, AttributeValue> m, String name, String value) {
        if (value != null) {
            m.put(name, s(value));
        }
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }
}
