package io.primesync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
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
}
