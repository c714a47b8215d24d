package io.primesync.procore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.primesync.domain.LineItem;
import io.primesync.domain.Overwrites;
import io.primesync.domain.ProcoreLines;
import io.primesync.procore.ProcoreRecords.Line;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What a read of Procore's lines keeps, and what a re-import's write finds it is about to write over. */
class OverwrittenTest {
    private static final List<LineItem> SYNCED = List.of(LineItem.lumpSum("A", "Work A", "10.00"),
            LineItem.lumpSum("B", "Work B", "20.00"), LineItem.lumpSum("C", "Work C", "30.00"));
    private static final String MONDAY = "2026-12-07T09:30:00Z";

    private static Line held(String id, String origin, String description, String amount) {
        return new Line(id, origin, description, new BigDecimal(amount), null, null, null, MONDAY);
    }

    /** Procore as the write reads it: A changed after the preview, B as previewed, C deleted, X added by hand. */
    private static final List<Line> HELD = List.of(held("1", "K:A", "Work A", "12.00"), held("2", "K:B", "Work B", "25.00"),
            held("9", null, "Added in Procore", "5.00"), held("11", "BILLING-1", "Holdback", "7.00"));

    @Test
    void aReadKeepsEachLinePeopleTouchedInProcoreAndProcoresWholeAmount() {
        ProcoreLines read = LinePlan.of("K", SYNCED, HELD).asRead("K", HELD);
        assertEquals(4, read.differing());
        assertEquals(1, read.foreign());
        assertEquals(new BigDecimal("49.00"), read.amount(), "every line Procore holds, another integration's too");
        assertEquals(List.of("A:CHANGED:12.00", "B:CHANGED:25.00", "C:DELETED:-", "null:ADDED:5.00"),
                read.edits().stream().map(e -> e.itemCode() + ":" + e.kind() + ":"
                        + (e.found() == null ? "-" : e.found().amount().toPlainString())).toList());
        assertEquals(Instant.parse(MONDAY), read.edits().get(0).changedAt());
        assertEquals("9", read.edits().get(3).procoreLineId());
        assertEquals(0, read.notListed());
    }

    @Test
    void theWriteNamesWhatItOverwroteWithWhatItFoundAndWhatThePreviewDidNotShow() {
        // the preview was made from a read that had B changed and X added, nothing else
        List<Line> atPreview = List.of(held("1", "K:A", "Work A", "10.00"), held("2", "K:B", "Work B", "25.00"),
                held("3", "K:C", "Work C", "30.00"), held("9", null, "Added in Procore", "5.00"));
        ProcoreLines previewed = LinePlan.of("K", SYNCED, atPreview).asRead("K", atPreview);
        LinePlan plan = LinePlan.of("K", SYNCED, HELD);

        Overwrites found = Overwritten.find("K", SYNCED, previewed, HELD, SYNCED, plan, UnaryOperator.identity());
        assertEquals(4, found.total());
        assertEquals(2, found.notAsPreviewed(), "A changed and C deleted since the preview");
        assertEquals(List.of("A", "C", "B", "null"), found.lines().stream().map(o -> String.valueOf(o.itemCode())).toList(),
                "what the preview did not show first");
        Overwrites.Overwrite a = found.lines().get(0);
        assertEquals(List.of(ProcoreLines.Kind.CHANGED, new BigDecimal("12.00"), new BigDecimal("10.00"), false),
                List.of(a.kind(), a.found(), a.written(), a.previewed()));
        assertEquals(Instant.parse(MONDAY), a.changedAt());
        Overwrites.Overwrite c = found.lines().get(1);
        assertEquals(ProcoreLines.Kind.DELETED, c.kind());
        assertNull(c.found());
        assertEquals(new BigDecimal("30.00"), c.written());
        assertEquals("Work C", c.description(), "as synced, since Procore no longer has it");
        Overwrites.Overwrite x = found.lines().get(3);
        assertEquals(List.of(ProcoreLines.Kind.ADDED, "Added in Procore", true), List.of(x.kind(), x.description(),
                x.previewed()));
        assertNull(x.written(), "removed");
    }

    @Test
    void aLineChangedInProcoreToWhatTheErpNowHasIsNotOverwritten() {
        List<LineItem> target = List.of(LineItem.lumpSum("A", "Work A", "12.00"), LineItem.lumpSum("B", "Work B", "20.00"),
                LineItem.lumpSum("C", "Work C", "30.00"));
        List<Line> held = List.of(held("1", "K:A", "Work A", "12.00"), held("2", "K:B", "Work B", "20.00"),
                held("3", "K:C", "Work C", "30.00"));
        ProcoreLines previewed = LinePlan.of("K", SYNCED, held).asRead("K", held);
        Overwrites found = Overwritten.find("K", SYNCED, previewed, held, target, LinePlan.of("K", target, held),
                UnaryOperator.identity());
        assertEquals(0, found.total(), "Procore already held the ERP's value: nothing of anyone's is written over");
        assertEquals(0, found.notAsPreviewed());
    }

    @Test
    void aReadKeepsAtMostTheListedNumberOfLinesAndCountsTheRest() {
        List<LineItem> synced = new ArrayList<>();
        List<Line> held = new ArrayList<>();
        for (int i = 0; i < ProcoreLines.MAX_LISTED + 7; i++) {
            synced.add(LineItem.lumpSum("L" + i, "Line " + i, "1.00"));
            held.add(held(String.valueOf(i), "K:L" + i, "Line " + i, "2.00"));
        }
        ProcoreLines read = LinePlan.of("K", synced, held).asRead("K", held);
        assertEquals(ProcoreLines.MAX_LISTED + 7, read.differing());
        assertEquals(ProcoreLines.MAX_LISTED, read.edits().size());
        assertEquals(7, read.notListed());
    }
}
