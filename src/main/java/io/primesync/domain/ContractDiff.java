package io.primesync.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a re-import would do to the project's contract: the lines the ERP added, changed and removed since
 * the last sync, and the contract value before and after. Lines are matched by item code, so a reordering
 * alone is not a change.
 */
public record ContractDiff(
        List<LineItem> added,
        List<Change> changed,
        List<LineItem> removed,
        BigDecimal currentAmount,
        BigDecimal newAmount) {

    public record Change(String itemCode, LineItem before, LineItem after) {}

    public ContractDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    /**
     * @param synced the lines the project holds (empty when never imported)
     * @param current the ERP's lines now
     */
    public static ContractDiff between(List<LineItem> synced, List<LineItem> current) {
        Map<String, LineItem> before = byCode(synced);
        Map<String, LineItem> after = byCode(current);
        List<LineItem> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        for (LineItem now : after.values()) {
            LineItem then = before.get(now.itemCode());
            if (then == null) {
                added.add(now);
            } else if (!then.sameAs(now)) {
                changed.add(new Change(now.itemCode(), then, now));
            }
        }
        List<LineItem> removed = new ArrayList<>();
        for (LineItem then : before.values()) {
            if (!after.containsKey(then.itemCode())) {
                removed.add(then);
            }
        }
        return new ContractDiff(added, changed, removed, sum(synced), sum(current));
    }

    public PendingChanges counts() {
        return new PendingChanges(added.size(), changed.size(), removed.size());
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
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
