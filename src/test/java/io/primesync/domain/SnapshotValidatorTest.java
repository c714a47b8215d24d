package io.primesync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotValidatorTest {

    /** A valid unit-price contract, changed one field at a time by each test. */
    private static final class Snap {
        String contractId = "PC-100";
        String jobNumber = "J-2001";
        String title = "Riverside Medical Office Building";
        ContractStatus status = ContractStatus.APPROVED;
        long erpVersion = 3;
        BigDecimal original;
        BigDecimal retainagePercent = new BigDecimal("10.00");
        List<LineItem> lines = new ArrayList<>(List.of(
                LineItem.lumpSum("01-100", "General conditions", "125000.00"),
                line("03-300", "Concrete", "1200", "CY", "185.50", "222600.00"),
                LineItem.lumpSum("99-CR", "Owner allowance credit", "-7600.00")));

        List<Violation> validate() {
            BigDecimal amount = original != null ? original : sumOf(lines);
            return SnapshotValidator.validate(new ContractSnapshot(contractId, jobNumber, title, status, erpVersion,
                    amount, retainagePercent, lines));
        }
    }

    private static LineItem line(String code, String description, String quantity, String uom, String unitPrice,
            String amount) {
        return new LineItem(code, description, amount == null ? null : new BigDecimal(amount),
                quantity == null ? null : new BigDecimal(quantity), uom,
                unitPrice == null ? null : new BigDecimal(unitPrice));
    }

    private static BigDecimal sumOf(List<LineItem> lines) {
        BigDecimal sum = BigDecimal.ZERO;
        for (LineItem l : lines) {
            if (l.amount() != null) {
                sum = sum.add(l.amount());
            }
        }
        return sum;
    }

    /** Asserts exactly one violation, on this field, whose message contains every fragment. */
    private static Violation single(List<Violation> violations, String field, String... fragments) {
        assertEquals(1, violations.size(), () -> "violations: " + violations);
        Violation v = violations.get(0);
        assertEquals(field, v.field(), v::toString);
        for (String fragment : fragments) {
            assertTrue(v.message().contains(fragment), () -> "missing '" + fragment + "' in: " + v.message());
        }
        return v;
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    @Test
    void validSnapshotHasNoViolations() {
        assertEquals(List.of(), new Snap().validate());
    }

    @Test
    void emptyContractOfZeroIsValid() {
        Snap s = new Snap();
        s.lines = List.of();
        s.original = new BigDecimal("0.00");
        assertEquals(List.of(), s.validate());
    }

    @Test
    void longestIdentifiersAndTextsAreValid() {
        Snap s = new Snap();
        s.contractId = "C" + repeat('x', 63);
        s.jobNumber = "J" + repeat('9', 31);
        s.title = repeat('T', 255);
        s.retainagePercent = new BigDecimal("100.00");
        s.lines = List.of(new LineItem("A.b_c-0123", repeat('d', 500), new BigDecimal("1.00"),
                new BigDecimal("0.0001"), repeat('u', 10), new BigDecimal("10000.0000")));
        assertEquals(List.of(), s.validate());
    }

    @Test
    void contractIdRequired() {
        Snap s = new Snap();
        s.contractId = null;
        single(s.validate(), "contractId", "contractId is required");
    }

    @Test
    void contractIdTooLong() {
        Snap s = new Snap();
        s.contractId = repeat('C', 65);
        single(s.validate(), "contractId", "65 characters", "at most 64");
    }

    @Test
    void contractIdBadCharacters() {
        Snap s = new Snap();
        s.contractId = "-PC 100";
        single(s.validate(), "contractId", "\"-PC 100\"", "letter or digit");
    }

    @Test
    void jobNumberTooLong() {
        Snap s = new Snap();
        s.jobNumber = repeat('J', 33);
        single(s.validate(), "jobNumber", "33 characters", "at most 32");
    }

    @Test
    void jobNumberBadCharacters() {
        Snap s = new Snap();
        s.jobNumber = "J/2001";
        single(s.validate(), "jobNumber", "\"J/2001\"", "letters, digits");
    }

    @Test
    void titleBlank() {
        Snap s = new Snap();
        s.title = "   ";
        single(s.validate(), "title", "cannot be blank");
    }

    @Test
    void titleMissing() {
        Snap s = new Snap();
        s.title = null;
        single(s.validate(), "title", "title is required");
    }

    @Test
    void titleTooLong() {
        Snap s = new Snap();
        s.title = repeat('T', 256);
        single(s.validate(), "title", "256 characters", "at most 255");
    }

    @Test
    void statusMissing() {
        Snap s = new Snap();
        s.status = null;
        single(s.validate(), "status", "status is required", "approved");
    }

    @Test
    void erpVersionBelowOne() {
        Snap s = new Snap();
        s.erpVersion = 0;
        single(s.validate(), "erpVersion", "erpVersion is 0", "1 or more");
    }

    @Test
    void originalContractAmountMissing() {
        List<Violation> violations = SnapshotValidator.validate(new ContractSnapshot("PC-1", "J-1", "T",
                ContractStatus.APPROVED, 1, null, null, List.of()));
        single(violations, "originalContractAmount", "originalContractAmount is required");
    }

    @Test
    void originalContractAmountWithThreeDecimals() {
        Snap s = new Snap();
        s.lines = List.of(LineItem.lumpSum("01", "Only line", "100.00"));
        s.original = new BigDecimal("100.000");
        single(s.validate(), "originalContractAmount", "100.000", "3 decimal places", "at most 2");
    }

    @Test
    void linesMustAddUpToTheContractAmount() {
        Snap s = new Snap();
        s.original = new BigDecimal("350000.00");
        single(s.validate(), "originalContractAmount",
                "add up to 340000.00", "originalContractAmount is 350000.00",
                "10000.00 less than the contract amount", "difference 10000.00");
    }

    @Test
    void linesAddingUpToMoreThanTheContractAmount() {
        Snap s = new Snap();
        s.original = new BigDecimal("339999.99");
        single(s.validate(), "originalContractAmount", "add up to 340000.00", "0.01 more", "difference -0.01");
    }

    @Test
    void negativeDeductLineIsValid() {
        Snap s = new Snap();
        s.lines = List.of(
                LineItem.lumpSum("01", "Base", "1000.00"),
                LineItem.lumpSum("02", "Deduct alternate", "-250.00"),
                line("03", "Credit by unit", "-2", "EA", "50.00", "-100.00"));
        s.original = new BigDecimal("650.00");
        assertEquals(List.of(), s.validate());
    }

    @Test
    void retainageAboveHundred() {
        Snap s = new Snap();
        s.retainagePercent = new BigDecimal("100.01");
        single(s.validate(), "retainagePercent", "100.01", "between 0 and 100");
    }

    @Test
    void retainageNegative() {
        Snap s = new Snap();
        s.retainagePercent = new BigDecimal("-1");
        single(s.validate(), "retainagePercent", "-1", "between 0 and 100");
    }

    @Test
    void retainageWithThreeDecimals() {
        Snap s = new Snap();
        s.retainagePercent = new BigDecimal("5.125");
        single(s.validate(), "retainagePercent", "5.125", "3 decimal places");
    }

    @Test
    void retainageMayBeOmittedOrZero() {
        Snap s = new Snap();
        s.retainagePercent = null;
        assertEquals(List.of(), s.validate());
        s.retainagePercent = BigDecimal.ZERO;
        assertEquals(List.of(), s.validate());
    }

    @Test
    void itemCodeLongerThanTenCharacters() {
        Snap s = new Snap();
        s.lines.set(0, LineItem.lumpSum("01-100-0001", "General conditions", "125000.00"));
        single(s.validate(), "lineItems[0].itemCode",
                "\"01-100-0001\"", "11 characters long", "longer than the 10 characters");
    }

    @Test
    void itemCodeBadCharacters() {
        Snap s = new Snap();
        s.lines.set(2, LineItem.lumpSum("99 CR", "Owner allowance credit", "-7600.00"));
        single(s.validate(), "lineItems[2].itemCode", "\"99 CR\"", "letter or digit");
    }

    @Test
    void itemCodeMissing() {
        Snap s = new Snap();
        s.lines.set(1, line(null, "Concrete", "1200", "CY", "185.50", "222600.00"));
        single(s.validate(), "lineItems[1].itemCode", "Line 1", "itemCode is required");
    }

    @Test
    void duplicateItemCodeReportedOnceWithEveryIndex() {
        Snap s = new Snap();
        s.lines = new ArrayList<>(List.of(
                LineItem.lumpSum("A", "one", "1.00"),
                LineItem.lumpSum("B", "two", "2.00"),
                LineItem.lumpSum("A", "three", "3.00"),
                LineItem.lumpSum("B", "four", "4.00"),
                LineItem.lumpSum("A", "five", "5.00")));
        List<Violation> violations = s.validate();
        assertEquals(List.of(
                new Violation("lineItems[2].itemCode",
                        "Item code \"A\" appears 3 times, at lineItems[0, 2, 4]; item codes must be unique."),
                new Violation("lineItems[3].itemCode",
                        "Item code \"B\" appears 2 times, at lineItems[1, 3]; item codes must be unique.")),
                violations);
    }

    @Test
    void itemCodesDifferingOnlyInCaseAreDistinct() {
        Snap s = new Snap();
        s.lines = List.of(LineItem.lumpSum("a1", "x", "1.00"), LineItem.lumpSum("A1", "y", "1.00"));
        s.original = new BigDecimal("2.00");
        assertEquals(List.of(), s.validate());
    }

    @Test
    void descriptionMayBeEmptyButNotMissing() {
        Snap s = new Snap();
        s.lines.set(0, LineItem.lumpSum("01-100", "", "125000.00"));
        assertEquals(List.of(), s.validate());
        s.lines.set(0, new LineItem("01-100", null, new BigDecimal("125000.00"), null, null, null));
        single(s.validate(), "lineItems[0].description", "\"01-100\"", "no description");
    }

    @Test
    void descriptionTooLong() {
        Snap s = new Snap();
        s.lines.set(0, LineItem.lumpSum("01-100", repeat('d', 501), "125000.00"));
        single(s.validate(), "lineItems[0].description", "501 characters", "at most 500");
    }

    @Test
    void lineAmountMissingSkipsTheSumRule() {
        Snap s = new Snap();
        s.original = new BigDecimal("340000.00");
        s.lines.set(0, new LineItem("01-100", "General conditions", null, null, null, null));
        single(s.validate(), "lineItems[0].amount", "\"01-100\"", "amount is required");
    }

    @Test
    void lineAmountWithThreeDecimals() {
        Snap s = new Snap();
        s.lines.set(0, LineItem.lumpSum("01-100", "General conditions", "125000.005"));
        s.original = new BigDecimal("340000.005");
        List<Violation> violations = s.validate();
        assertEquals(List.of("originalContractAmount", "lineItems[0].amount"),
                violations.stream().map(Violation::field).toList());
        assertTrue(violations.get(1).message().contains("125000.005 has 3 decimal places"), violations::toString);
    }

    @Test
    void unitFieldsAllOrNothing() {
        Snap s = new Snap();
        s.lines.set(1, line("03-300", "Concrete", "1200", null, null, "222600.00"));
        single(s.validate(), "lineItems[1].unitOfMeasure",
                "\"03-300\"", "no unitOfMeasure or unitPrice", "together", "none of them");
    }

    @Test
    void onlyAUnitOfMeasureIsAlsoIncomplete() {
        Snap s = new Snap();
        s.lines.set(0, line("01-100", "General conditions", null, "LS", null, "125000.00"));
        single(s.validate(), "lineItems[0].quantity", "no quantity or unitPrice");
    }

    @Test
    void unitOfMeasureTooLong() {
        Snap s = new Snap();
        s.lines.set(1, line("03-300", "Concrete", "1200", "CUBIC-YARDS", "185.50", "222600.00"));
        single(s.validate(), "lineItems[1].unitOfMeasure", "\"CUBIC-YARDS\"", "11 characters", "at most 10");
    }

    @Test
    void quantityWithFiveDecimals() {
        Snap s = new Snap();
        s.lines = List.of(line("01", "Fill", "1.00001", "CY", "100.00", "100.00"));
        s.original = new BigDecimal("100.00");
        single(s.validate(), "lineItems[0].quantity", "1.00001", "5 decimal places", "at most 4");
    }

    @Test
    void unitPriceWithFiveDecimals() {
        Snap s = new Snap();
        s.lines = List.of(line("01", "Rebar", "1000", "LB", "1.12345", "1123.45"));
        s.original = new BigDecimal("1123.45");
        single(s.validate(), "lineItems[0].unitPrice", "1.12345", "5 decimal places", "at most 4");
    }

    @Test
    void unitPriceWithFourDecimalsRoundsHalfUpToTheAmount() {
        Snap s = new Snap();
        // 333 x 1.2345 = 411.0885, which rounds half up to 411.09
        s.lines = List.of(line("01", "Rebar", "333", "LB", "1.2345", "411.09"));
        s.original = new BigDecimal("411.09");
        assertEquals(List.of(), s.validate());
    }

    @Test
    void halfACentRoundsUp() {
        Snap s = new Snap();
        // 0.5 x 0.01 = 0.005 -> 0.01 half up (0.00 half down or half even)
        s.lines = List.of(line("01", "Sealant", "0.5", "LF", "0.01", "0.01"));
        s.original = new BigDecimal("0.01");
        assertEquals(List.of(), s.validate());
    }

    @Test
    void quantityTimesUnitPriceMustEqualTheAmount() {
        Snap s = new Snap();
        s.lines.set(1, line("03-300", "Concrete", "1200", "CY", "185.50", "220000.00"));
        s.original = sumOf(s.lines);
        single(s.validate(), "lineItems[1].amount", "\"03-300\"",
                "quantity 1200 × unit price 185.50 = 222600.00, but the amount is 220000.00");
    }

    @Test
    void tooManyLinesIsOneViolationWithoutPerLineChecks() {
        Snap s = new Snap();
        List<LineItem> lines = new ArrayList<>();
        for (int i = 0; i <= SnapshotValidator.MAX_LINE_ITEMS; i++) {
            // every line also breaks a per-line rule (same code), which must not be reported
            lines.add(LineItem.lumpSum("DUP", "", "1.00"));
        }
        s.lines = lines;
        single(s.validate(), "lineItems", "5001 line items", "at most 5000");
    }

    @Test
    void exactlyTheMaximumNumberOfLinesIsValid() {
        Snap s = new Snap();
        List<LineItem> lines = new ArrayList<>();
        for (int i = 0; i < SnapshotValidator.MAX_LINE_ITEMS; i++) {
            lines.add(LineItem.lumpSum("L" + i, "Line " + i, "1.00"));
        }
        s.lines = lines;
        s.original = new BigDecimal("5000.00");
        assertEquals(List.of(), s.validate());
    }

    @Test
    void aBrokenLargeSnapshotIsCappedAtOneHundredEntries() {
        Snap s = new Snap();
        List<LineItem> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add(LineItem.lumpSum("CODE-TOO-LONG-" + i, "Line " + i, "1.00"));
        }
        s.lines = lines;
        s.original = new BigDecimal("1.00");
        s.erpVersion = 0;
        List<Violation> violations = s.validate();
        assertEquals(SnapshotValidator.MAX_VIOLATIONS, violations.size());
        assertEquals("erpVersion", violations.get(0).field());
        // the sum rule is reported with its field, ahead of the lines, so the cap never hides it
        assertEquals("originalContractAmount", violations.get(1).field());
        assertTrue(violations.get(1).message().contains("add up to 300.00"), violations.get(1)::message);
        assertEquals("lineItems[0].itemCode", violations.get(2).field());
        assertEquals("lineItems[96].itemCode", violations.get(98).field());
        // 302 problems in all: 99 shown, the rest counted
        assertEquals(new Violation("lineItems", "... and 203 more problems."), violations.get(99));
    }

    @Test
    void exactlyOneHundredViolationsAreAllShown() {
        Snap s = new Snap();
        List<LineItem> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add(LineItem.lumpSum("CODE-TOO-LONG-" + i, "Line " + i, "1.00"));
        }
        s.lines = lines;
        List<Violation> violations = s.validate();
        assertEquals(100, violations.size());
        assertEquals("lineItems[99].itemCode", violations.get(99).field());
    }

    @Test
    void violationsComeInFieldOrder() {
        Snap s = new Snap();
        s.contractId = "";
        s.jobNumber = null;
        s.title = "";
        s.status = null;
        s.erpVersion = -1;
        s.original = new BigDecimal("1.001");
        s.retainagePercent = new BigDecimal("200");
        s.lines = List.of(new LineItem("TOO-LONG-CODE", null, new BigDecimal("1.001"), new BigDecimal("2"), null,
                null));
        List<String> fields = s.validate().stream().map(Violation::field).toList();
        assertEquals(List.of(
                "contractId", "jobNumber", "title", "status", "erpVersion",
                "originalContractAmount", "retainagePercent",
                "lineItems[0].itemCode", "lineItems[0].description", "lineItems[0].amount",
                "lineItems[0].unitOfMeasure"), fields);
    }

    @Test
    void hugeValuesAreShortenedInMessages() {
        Snap s = new Snap();
        s.contractId = repeat('C', 5000);
        Violation v = single(s.validate(), "contractId", "5000 characters");
        assertTrue(v.message().length() < 200, v::message);
    }
}
