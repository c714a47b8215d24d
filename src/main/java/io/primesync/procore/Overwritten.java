package io.primesync.procore;

import io.primesync.domain.LineItem;
import io.primesync.domain.Overwrites;
import io.primesync.domain.ProcoreLines;
import io.primesync.procore.ProcoreRecords.Line;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What a re-import is about to write over in Procore, found before its first write: each line people changed, deleted
 * or added there since the last sync that the plan writes or removes, with what Procore held; and how many of
 * Procore's lines are not as the preview showed them (the preview was made from the last read of Procore, which the
 * write's own read may find moved on).
 */
public final class Overwritten {
    private Overwritten() {}

    /**
     * @param synced the lines the last sync wrote
     * @param previewed Procore's lines as the preview showed them (the read the sync was accepted on)
     * @param held Procore's lines as the write read them
     * @param target the ERP's lines the sync writes
     * @param plan the plan made from {@code held}
     */
    public static Overwrites find(String contractId, List<LineItem> synced, ProcoreLines previewed, List<Line> held,
            List<LineItem> target, LinePlan plan, UnaryOperator<String> units) {
        Map<String, Line> wrote = new LinkedHashMap<>();
        synced.forEach(item -> wrote.put(LinePlan.originId(contractId, item.itemCode()),
                LinePlan.line(contractId, item, units)));
        Map<String, Line> shown = new LinkedHashMap<>(wrote);
        Set<String> shownExtras = new HashSet<>();
        for (ProcoreLines.Edit e : previewed.edits()) {
            String origin = e.itemCode() == null ? null : LinePlan.originId(contractId, e.itemCode());
            if (origin == null || e.kind() == ProcoreLines.Kind.ADDED && wrote.containsKey(origin)) {
                if (e.procoreLineId() != null) {
                    shownExtras.add(e.procoreLineId());
                }
            } else if (e.found() == null) {
                shown.remove(origin);
            } else {
                LineItem f = e.found();
                shown.put(origin, new Line(e.procoreLineId(), origin, f.description(), f.amount(), f.quantity(),
                        f.unitPrice(), f.unitOfMeasure()));
            }
        }
        LinePlan.Held sorted = LinePlan.Held.of(contractId, held);
        Map<String, Line> found = sorted.byOrigin();
        List<Line> extras = sorted.extras();
        Set<String> upserted = new HashSet<>();
        plan.upserts().forEach(l -> upserted.add(l.originId()));
        Set<String> removedIds = new HashSet<>();
        plan.removals().forEach(l -> removedIds.add(l.id()));
        Map<String, LineItem> writing = new LinkedHashMap<>();
        target.forEach(item -> writing.put(item.itemCode(), item));

        List<Overwrites.Overwrite> out = new ArrayList<>();
        int notAsPreviewed = 0;
        Set<String> origins = new LinkedHashSet<>(wrote.keySet());
        origins.addAll(found.keySet());
        origins.addAll(shown.keySet());
        for (String origin : origins) {
            Line now = found.get(origin);
            Line then = wrote.get(origin);
            boolean asPreviewed = same(now, shown.get(origin));
            if (!asPreviewed) {
                notAsPreviewed++;
            }
            boolean touched = upserted.contains(origin) || now != null && removedIds.contains(now.id());
            if (touched && !same(now, then)) {
                String code = LinePlan.itemCode(contractId, origin);
                LineItem written = upserted.contains(origin) ? writing.get(code) : null;
                ProcoreLines.Kind kind = now == null ? ProcoreLines.Kind.DELETED
                        : then == null ? ProcoreLines.Kind.ADDED : ProcoreLines.Kind.CHANGED;
                out.add(new Overwrites.Overwrite(kind, code, now != null ? now.description() : then.description(),
                        now == null ? null : now.amount(), written == null ? null : written.amount(),
                        now == null ? null : LinePlan.instant(now.updatedAt()), asPreviewed));
            }
        }
        int extrasShown = 0;
        for (Line extra : extras) {
            boolean asPreviewed = shownExtras.contains(extra.id());
            if (asPreviewed) {
                extrasShown++;
            } else {
                notAsPreviewed++;
            }
            out.add(new Overwrites.Overwrite(ProcoreLines.Kind.ADDED, LinePlan.itemCode(contractId, extra.originId()),
                    extra.description(), extra.amount(), null, LinePlan.instant(extra.updatedAt()), asPreviewed));
        }
        // lines the preview showed as added in Procore that someone has removed since
        notAsPreviewed += shownExtras.size() - extrasShown;
        out.sort(Comparator.comparing(Overwrites.Overwrite::previewed));
        return new Overwrites(out.subList(0, Math.min(out.size(), ProcoreLines.MAX_LISTED)), out.size(),
                notAsPreviewed);
    }

    private static boolean same(Line a, Line b) {
        return a == null ? b == null : b != null && LinePlan.same(a, b);
    }
}
