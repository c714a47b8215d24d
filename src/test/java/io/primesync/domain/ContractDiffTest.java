package io.primesync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContractDiffTest {

    private static final LineItem SITE = LineItem.lumpSum("01-100", "Site work", "250000.00");
    private static final LineItem CONCRETE = unit("03-300", "Concrete", "1200.00", "CY", "185.50", "222600.00");
    private static final LineItem STEEL = LineItem.lumpSum("05-120", "Structural steel", "410000.00");

    private static LineItem unit(String code, String description, String quantity, String uom, String unitPrice,
            String amount) {
        return new LineItem(code, description, new BigDecimal(amount), new BigDecimal(quantity), uom,
                new BigDecimal(unitPrice));
    }

    @Test
    void identicalContractsHaveNoChanges() {
        ContractDiff diff = ContractDiff.between(List.of(SITE, CONCRETE), List.of(SITE, CONCRETE));
        assertTrue(diff.isEmpty());
        assertEquals(PendingChanges.NONE, diff.counts());
        assertEquals(new BigDecimal("472600.00"), diff.currentAmount());
        assertEquals(new BigDecimal("472600.00"), diff.newAmount());
    }

    @Test
    void addedLine() {
        ContractDiff diff = ContractDiff.between(List.of(SITE), List.of(SITE, STEEL));
        assertEquals(List.of(STEEL), diff.added());
        assertEquals(List.of(), diff.changed());
        assertEquals(List.of(), diff.removed());
        assertEquals(new PendingChanges(1, 0, 0), diff.counts());
        assertEquals(new BigDecimal("250000.00"), diff.currentAmount());
        assertEquals(new BigDecimal("660000.00"), diff.newAmount());
    }

    @Test
    void removedLine() {
        ContractDiff diff = ContractDiff.between(List.of(SITE, STEEL), List.of(SITE));
        assertEquals(List.of(), diff.added());
        assertEquals(List.of(STEEL), diff.removed());
        assertEquals(new PendingChanges(0, 0, 1), diff.counts());
        assertFalse(diff.isEmpty());
        assertEquals(new BigDecimal("660000.00"), diff.currentAmount());
        assertEquals(new BigDecimal("250000.00"), diff.newAmount());
    }

    static Stream<Arguments> fieldChanges() {
        return Stream.of(
                Arguments.of("description", (UnaryOperator<LineItem>) l -> new LineItem(l.itemCode(),
                        "Concrete, 4000 psi", l.amount(), l.quantity(), l.unitOfMeasure(), l.unitPrice())),
                Arguments.of("amount", (UnaryOperator<LineItem>) l -> new LineItem(l.itemCode(), l.description(),
                        new BigDecimal("222600.01"), l.quantity(), l.unitOfMeasure(), l.unitPrice())),
                Arguments.of("quantity", (UnaryOperator<LineItem>) l -> new LineItem(l.itemCode(), l.description(),
                        l.amount(), new BigDecimal("1200.5"), l.unitOfMeasure(), l.unitPrice())),
                Arguments.of("unitOfMeasure", (UnaryOperator<LineItem>) l -> new LineItem(l.itemCode(),
                        l.description(), l.amount(), l.quantity(), "M3", l.unitPrice())),
                Arguments.of("unitPrice", (UnaryOperator<LineItem>) l -> new LineItem(l.itemCode(), l.description(),
                        l.amount(), l.quantity(), l.unitOfMeasure(), new BigDecimal("185.51"))),
                Arguments.of("unit fields dropped", (UnaryOperator<LineItem>) l -> new LineItem(l.itemCode(),
                        l.description(), l.amount(), null, null, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fieldChanges")
    void aChangeOfOneFieldIsAChangedLine(String field, UnaryOperator<LineItem> change) {
        LineItem after = change.apply(CONCRETE);
        ContractDiff diff = ContractDiff.between(List.of(SITE, CONCRETE), List.of(SITE, after));
        assertEquals(List.of(new ContractDiff.Change("03-300", CONCRETE, after)), diff.changed());
        assertEquals(List.of(), diff.added());
        assertEquals(List.of(), diff.removed());
        assertEquals(new PendingChanges(0, 1, 0), diff.counts());
    }

    @Test
    void amountChangeMovesTheContractValue() {
        LineItem raised = LineItem.lumpSum("05-120", "Structural steel", "425000.00");
        ContractDiff diff = ContractDiff.between(List.of(SITE, STEEL), List.of(SITE, raised));
        assertEquals(new BigDecimal("660000.00"), diff.currentAmount());
        assertEquals(new BigDecimal("675000.00"), diff.newAmount());
    }

    @Test
    void reorderingAloneIsNotAChange() {
        ContractDiff diff = ContractDiff.between(List.of(SITE, CONCRETE, STEEL), List.of(STEEL, SITE, CONCRETE));
        assertTrue(diff.isEmpty(), () -> diff.toString());
    }

    @Test
    void trailingZerosInAQuantityAreNotAChange() {
        LineItem tenPointZero = unit("02-200", "Fill", "10.0", "CY", "20.00", "200.00");
        LineItem tenPointZeroZero = unit("02-200", "Fill", "10.00", "CY", "20.0000", "200.0");
        ContractDiff diff = ContractDiff.between(List.of(tenPointZero), List.of(tenPointZeroZero));
        assertTrue(diff.isEmpty(), () -> diff.toString());
    }

    @Test
    void emptyOnBothSides() {
        ContractDiff diff = ContractDiff.between(List.of(), List.of());
        assertTrue(diff.isEmpty());
        assertEquals(new BigDecimal("0.00"), diff.currentAmount());
        assertEquals(new BigDecimal("0.00"), diff.newAmount());
    }

    @Test
    void neverImportedMeansEveryLineIsAdded() {
        ContractDiff diff = ContractDiff.between(List.of(), List.of(SITE, CONCRETE, STEEL));
        assertEquals(List.of(SITE, CONCRETE, STEEL), diff.added());
        assertEquals(new PendingChanges(3, 0, 0), diff.counts());
        assertEquals(new BigDecimal("0.00"), diff.currentAmount());
        assertEquals(new BigDecimal("882600.00"), diff.newAmount());
    }

    @Test
    void everythingRemovedLeavesAZeroValue() {
        ContractDiff diff = ContractDiff.between(List.of(SITE, STEEL), List.of());
        assertEquals(List.of(SITE, STEEL), diff.removed());
        assertEquals(new BigDecimal("0.00"), diff.newAmount());
    }

    @Test
    void addChangeAndRemoveTogetherWithADeductLine() {
        LineItem credit = LineItem.lumpSum("99-CR", "Owner credit", "-15000.00");
        LineItem siteChanged = LineItem.lumpSum("01-100", "Site work and grading", "260000.00");
        ContractDiff diff = ContractDiff.between(List.of(SITE, STEEL), List.of(siteChanged, credit));
        assertEquals(List.of(credit), diff.added());
        assertEquals(List.of(new ContractDiff.Change("01-100", SITE, siteChanged)), diff.changed());
        assertEquals(List.of(STEEL), diff.removed());
        assertEquals(new PendingChanges(1, 1, 1), diff.counts());
        assertEquals(new BigDecimal("660000.00"), diff.currentAmount());
        assertEquals(new BigDecimal("245000.00"), diff.newAmount());
    }

    // ------------------------------------------------------------------ the plan: Procore as last read, against the ERP

    private static final Instant MONDAY = Instant.parse("2026-12-07T09:30:00Z");

    private static ProcoreLines.Edit changedTo(LineItem found) {
        return new ProcoreLines.Edit(ProcoreLines.Kind.CHANGED, found.itemCode(), "7" + found.itemCode().length(), found,
                MONDAY);
    }

    @Test
    void aLineChangedInProcoreShowsProcoresValueBeforeAndIsAChangeEvenWhenTheErpKeptIt() {
        LineItem editedSite = LineItem.lumpSum("01-100", "Site work", "260000.00");
        ProcoreLines read = new ProcoreLines(1, 0, new BigDecimal("892600.00"), List.of(changedTo(editedSite)));
        ContractDiff plan = ContractDiff.plan(List.of(SITE, CONCRETE, STEEL), read, List.of(SITE, CONCRETE, STEEL),
                UnaryOperator.identity());
        assertEquals(List.of(new ContractDiff.Change("01-100", editedSite, SITE)), plan.changed());
        assertEquals(new PendingChanges(0, 1, 0), plan.counts());
        assertEquals(ProcoreLines.Kind.CHANGED, plan.procoreEdit("01-100").kind());
        assertEquals(MONDAY, plan.procoreEdit("01-100").changedAt());
        assertEquals(null, plan.procoreEdit("03-300"), "a line as synced has no Procore edit");
        assertEquals(new BigDecimal("892600.00"), plan.currentAmount(), "what Procore held, as read");
        assertEquals(new BigDecimal("882600.00"), plan.newAmount());
    }

    @Test
    void aLineDeletedInProcoreIsAddedBackAndOneAddedThereIsRemoved() {
        ProcoreLines.Edit deleted = new ProcoreLines.Edit(ProcoreLines.Kind.DELETED, "05-120", null, null, null);
        LineItem byHand = new LineItem(null, "Allowance added in Procore", new BigDecimal("5000.00"), null, null, null);
        ProcoreLines.Edit added = new ProcoreLines.Edit(ProcoreLines.Kind.ADDED, null, "88", byHand, MONDAY);
        ProcoreLines read = new ProcoreLines(2, 0, null, List.of(deleted, added));
        ContractDiff plan = ContractDiff.plan(List.of(SITE, STEEL), read, List.of(SITE, STEEL),
                UnaryOperator.identity());
        assertEquals(List.of(STEEL), plan.added());
        assertEquals(ProcoreLines.Kind.DELETED, plan.procoreEdit("05-120").kind());
        assertEquals(List.of(added), plan.addedInProcore());
        assertEquals(new PendingChanges(1, 0, 1), plan.counts());
        assertFalse(plan.isEmpty());
        assertEquals(new BigDecimal("255000.00"), plan.currentAmount(), "without the amount read: site + the allowance");
    }

    @Test
    void aLineChangedInProcoreToWhatTheErpNowHasIsNoChangeUnderTheCompanysUnits() {
        LineItem erp = unit("03-300", "Concrete", "1300.00", "CYD", "185.50", "241150.00");
        LineItem inProcore = unit("03-300", "Concrete", "1300.00", "CY", "185.50", "241150.00");
        ProcoreLines read = new ProcoreLines(1, 0, null, List.of(changedTo(inProcore)));
        UnaryOperator<String> units = u -> "CYD".equals(u) ? "CY" : u;
        assertTrue(ContractDiff.plan(List.of(CONCRETE), read, List.of(erp), units).isEmpty(),
                "Procore already holds the ERP's line, its unit as the company names it");
        assertEquals(1, ContractDiff.plan(List.of(CONCRETE), read, List.of(erp), UnaryOperator.identity())
                .changed().size(), "without the mapping CYD is not CY");
    }

    @Test
    void withNothingChangedInProcoreThePlanIsTheDiffWithProcoresAmount() {
        ProcoreLines read = new ProcoreLines(0, 1, new BigDecimal("660100.00"), List.of());
        ContractDiff plan = ContractDiff.plan(List.of(SITE, STEEL), read, List.of(SITE), UnaryOperator.identity());
        assertEquals(ContractDiff.between(List.of(SITE, STEEL), List.of(SITE)).counts(), plan.counts());
        assertEquals(new BigDecimal("660100.00"), plan.currentAmount(), "another integration's line counts in Procore");
    }
}
