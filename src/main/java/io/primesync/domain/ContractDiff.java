package io.primesync.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a re-import would do to the project's contract: the lines it adds, changes and removes, and the contract value
 * before and after. Before is Procore as last read: what was synced, with what people changed in Procore since
 * ({@link ProcoreLines}); after is the ERP's line set. Lines are matched by item code, so a reordering alone is not a
 * change.
 *
 * @param procoreEdits the lines whose before is Procore's own (changed or deleted there), by item code
 * @param addedInProcore lines someone added in Procore (or a second copy of one): removed, as the ERP has no such line
 */
public record ContractDiff(
        List<LineItem> added,
        List<Change> changed,
        List<LineItem> removed,
        BigDecimal currentAmount,
        BigDecimal newAmount,
        Map<String, ProcoreLines.Edit> procoreEdits,
        List<ProcoreLines.Edit> addedInProcore) {

    public record Change(String itemCode, LineItem before, LineItem after) {}

    public ContractDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        procoreEdits = Map.copyOf(procoreEdits);
        addedInProcore = List.copyOf(addedInProcore);
    }

    public ContractDiff(List<LineItem> added, List<Change> changed, List<LineItem> removed, BigDecimal currentAmount,
            BigDecimal newAmount) {
        this(added, changed, removed, currentAmount, newAmount, Map.of(), List.of());
    }

    /**
     * The plan of a re-import: Procore as last read (the synced lines with Procore's edits on them) against the ERP's
     * lines. A line changed in Procore shows Procore's value before; one deleted there is added back; one added there
     * is removed.
     *
     * @param units the company's mapping of the ERP's units of measure to Procore's, for comparing Procore's lines
     */
    public static ContractDiff plan(List<LineItem> synced, ProcoreLines procore, List<LineItem> current,
            UnaryOperator<String> units) {
        Map<String, LineItem> before = byCode(synced);
        Map<String, ProcoreLines.Edit> edits = new LinkedHashMap<>();
        List<ProcoreLines.Edit> addedThere = new ArrayList<>();
        for (ProcoreLines.Edit e : procore.edits()) {
            if (e.itemCode() == null || e.kind() == ProcoreLines.Kind.ADDED && before.containsKey(e.itemCode())) {
                addedThere.add(e);
            } else if (e.found() == null) {
                edits.put(e.itemCode(), e);
                before.remove(e.itemCode());
            } else {
                edits.put(e.itemCode(), e);
                LineItem f = e.found();
                before.put(e.itemCode(), new LineItem(e.itemCode(), f.description(), f.amount(), f.quantity(),
                        f.unitOfMeasure(), f.unitPrice()));
            }
        }
        Map<String, LineItem> after = byCode(current);
        List<LineItem> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        for (LineItem now : after.values()) {
            LineItem then = before.get(now.itemCode());
            if (then == null) {
                added.add(now);
            } else if (edits.containsKey(now.itemCode()) ? !sameInProcore(then, now, units) : !then.sameAs(now)) {
                changed.add(new Change(now.itemCode(), then, now));
            }
        }
        List<LineItem> removed = new ArrayList<>();
        for (LineItem then : before.values()) {
            if (!after.containsKey(then.itemCode())) {
                removed.add(then);
            }
        }
        BigDecimal held = sum(List.copyOf(before.values()))
                .add(sum(addedThere.stream().map(ProcoreLines.Edit::found).filter(Objects::nonNull).toList()));
        return new ContractDiff(added, changed, removed,
                procore.amount() == null ? held : Money.cents(procore.amount()), sum(current), edits, addedThere);
    }

    /** Whether a line as Procore holds it is the ERP's, its unit of measure as the company maps it. */
    private static boolean sameInProcore(LineItem procore, LineItem erp, UnaryOperator<String> units) {
        String unit = erp.unitOfMeasure() == null ? null : units.apply(erp.unitOfMeasure());
        return procore.sameAs(new LineItem(erp.itemCode(), erp.description(), erp.amount(), erp.quantity(),
                unit, erp.unitPrice()));
    }

    /**
     * The ERP's lines against the lines synced last, Procore's own changes aside.
     *
     * @param synced the lines the project holds (empty when never imported)
     * @param current the ERP's lines now
     */
    public static ContractDiff between(List<LineItem> synced, List<LineItem> current) {
        return plan(synced, ProcoreLines.NONE, current, UnaryOperator.identity());
    }

    public PendingChanges counts() {
        return new PendingChanges(added.size(), changed.size(), removed.size() + addedInProcore.size());
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty() && addedInProcore.isEmpty();
    }

    /** What Procore held of a line where it was not what was synced; null for a line as synced. */
    public ProcoreLines.Edit procoreEdit(String itemCode) {
        return procoreEdits.get(itemCode);
    }

    public static BigDecimal sum(List<LineItem> lines) {
        BigDecimal total = Money.ZERO;
        for (LineItem line : lines) {
            total = total.add(line.amount());
        }
        return Money.cents(total);
    }

    private static Map<String, LineItem> byCode(List<LineItem> lines) {
        Map<String, LineItem> map = new LinkedHashMap<>();
        for (LineItem line : lines) {
            map.put(line.itemCode(), line);
        }
        return map;
    }
}
