package io.primesync.procore;

import io.primesync.domain.LineItem;
import io.primesync.domain.Money;
import io.primesync.domain.ProcoreLines;
import io.primesync.procore.ProcoreRecords.Line;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What it takes to make a prime contract's schedule of values in Procore equal an ERP line set: the lines to upsert
 * (missing, or different in any field) and the lines to remove (any line that is not one of the set's: gone from the
 * ERP, or added in Procore by hand). It compares with what Procore holds now, never with what the product wrote last,
 * so a sync that stopped half-way, or a line someone changed or deleted in Procore, comes out right the next time.
 * A line another integration wrote (an origin id that is not one of this contract's) is never touched: it is kept
 * apart as {@code foreign}, and the writer refuses to make the plan while there is one.
 *
 * @param unchanged lines Procore already holds as the ERP has them
 * @param foreign lines whose origin id another integration wrote
 */
public record LinePlan(List<Line> upserts, List<Line> removals, int unchanged, List<Line> foreign) {
    public LinePlan {
        upserts = List.copyOf(upserts);
        removals = List.copyOf(removals);
        foreign = List.copyOf(foreign);
    }

    /** Writes the plan makes in Procore. */
    public int writes() {
        return upserts.size() + removals.size();
    }

    /** A line's origin id: unique in the company, since the contract id is and item codes are within a contract. */
    public static String originId(String contractId, String itemCode) {
        return contractId + ":" + itemCode;
    }

    /** The ERP line as Procore should hold it, its unit as the ERP names it. */
    public static Line line(String contractId, LineItem item) {
        return line(contractId, item, UnaryOperator.identity());
    }

    /** The ERP line as Procore should hold it, its unit one of the company's in Procore ({@code units} maps it). */
    public static Line line(String contractId, LineItem item, UnaryOperator<String> units) {
        return new Line(null, originId(contractId, item.itemCode()), item.description(), item.amount(), item.quantity(),
                item.unitPrice(), item.unitOfMeasure() == null ? null : units.apply(item.unitOfMeasure()));
    }

    public static LinePlan of(String contractId, List<LineItem> target, List<Line> procore) {
        return of(contractId, target, procore, UnaryOperator.identity());
    }

    /** @param units the company's mapping of the ERP's units of measure to its units in Procore */
    public static LinePlan of(String contractId, List<LineItem> target, List<Line> procore,
            UnaryOperator<String> units) {
        Held sorted = Held.of(contractId, procore);
        Map<String, Line> held = new LinkedHashMap<>(sorted.byOrigin());
        List<Line> removals = new ArrayList<>(sorted.extras());
        List<Line> upserts = new ArrayList<>();
        int unchanged = 0;
        for (LineItem item : target) {
            Line wanted = line(contractId, item, units);
            Line existing = held.remove(wanted.originId());
            if (existing != null && same(existing, wanted)) {
                unchanged++;
            } else {
                upserts.add(wanted);
            }
        }
        removals.addAll(held.values());
        return new LinePlan(upserts, removals, unchanged, sorted.foreign());
    }

    /**
     * Procore's lines of a contract, sorted by who they are: the contract's own by origin id (the first of each), the
     * rest of its own (added by hand without an origin id, or a second copy of one), and another integration's.
     */
    record Held(Map<String, Line> byOrigin, List<Line> extras, List<Line> foreign) {
        static Held of(String contractId, List<Line> procore) {
            Map<String, Line> byOrigin = new LinkedHashMap<>();
            List<Line> extras = new ArrayList<>();
            List<Line> foreign = new ArrayList<>();
            for (Line line : procore) {
                if (!ours(contractId, line)) {
                    foreign.add(line);
                } else if (line.originId() == null || line.originId().isBlank()
                        || byOrigin.containsKey(line.originId())) {
                    extras.add(line);
                } else {
                    byOrigin.put(line.originId(), line);
                }
            }
            return new Held(byOrigin, extras, foreign);
        }
    }

    /**
     * The plan when the contract's accounting method changes: Procore will not switch the method of a contract that
     * has lines, so every line it holds is removed, the method switched, and every ERP line written anew.
     */
    public static LinePlan replacing(String contractId, List<LineItem> target, List<Line> procore,
            UnaryOperator<String> units) {
        Map<Boolean, List<Line>> byOwner = procore.stream().collect(Collectors.partitioningBy(l -> ours(contractId, l)));
        return new LinePlan(target.stream().map(item -> line(contractId, item, units)).toList(), byOwner.get(true), 0,
                byOwner.get(false));
    }

    /**
     * The plan made against the lines that were synced, read as what people did in Procore since: each line it would
     * write back (changed or deleted there) or remove (added there), as Procore held it, and the sum of all of
     * Procore's lines.
     *
     * @param procore the lines the plan was made from
     */
    public ProcoreLines asRead(String contractId, List<Line> procore) {
        Map<String, Line> held = Held.of(contractId, procore).byOrigin();
        BigDecimal amount = Money.ZERO;
        for (Line line : procore) {
            amount = amount.add(line.amount() == null ? Money.ZERO : line.amount());
        }
        List<ProcoreLines.Edit> edits = new ArrayList<>();
        for (Line wanted : upserts) {
            Line found = held.get(wanted.originId());
            String code = itemCode(contractId, wanted.originId());
            edits.add(found == null ? new ProcoreLines.Edit(ProcoreLines.Kind.DELETED, code, null, null, null)
                    : edit(ProcoreLines.Kind.CHANGED, code, found));
        }
        for (Line extra : removals) {
            edits.add(edit(ProcoreLines.Kind.ADDED, itemCode(contractId, extra.originId()), extra));
        }
        return new ProcoreLines(writes(), foreign.size(), Money.cents(amount),
                edits.subList(0, Math.min(edits.size(), ProcoreLines.MAX_LISTED)));
    }

    /** The longest description kept of a line read from Procore, where people type what they like. */
    private static final int MAX_DESCRIPTION = 500;

    private static ProcoreLines.Edit edit(ProcoreLines.Kind kind, String itemCode, Line found) {
        String description = found.description();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            description = description.substring(0, MAX_DESCRIPTION);
        }
        LineItem item = new LineItem(itemCode, description, found.amount() == null ? Money.ZERO : found.amount(),
                found.quantity(), found.uom() == null || found.uom().isBlank() ? null : found.uom(), found.unitCost());
        return new ProcoreLines.Edit(kind, itemCode, found.id(), item, instant(found.updatedAt()));
    }

    /** The item code an origin id of this contract carries; null for a line without one. */
    public static String itemCode(String contractId, String originId) {
        String prefix = contractId + ":";
        return originId != null && originId.startsWith(prefix) ? originId.substring(prefix.length()) : null;
    }

    /** Procore's time of a change, as it writes it; null when it says none or something else. */
    static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Whether a line is the product's to write or remove: one of this contract's origin ids, or none at all (a line
     * someone added by hand, which a re-import removes as Spectrum does not have it).
     */
    static boolean ours(String contractId, Line line) {
        return line.originId() == null || line.originId().isBlank() || line.originId().startsWith(contractId + ":");
    }

    /** Every field the product writes, decimals by value ("10.0" and "10.00" are the same amount). */
    static boolean same(Line a, Line b) {
        return Objects.equals(a.description(), b.description()) && equal(a.amount(), b.amount())
                && equal(a.quantity(), b.quantity()) && equal(a.unitCost(), b.unitCost())
                && Objects.equals(blankToNull(a.uom()), blankToNull(b.uom()));
    }

    private static boolean equal(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
