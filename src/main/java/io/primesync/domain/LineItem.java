package io.primesync.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One billed line of a prime contract. Quantity, unit of measure and unit price are present together
 * on unit-price contracts and absent on lump-sum ones.
 */
public record LineItem(
        String itemCode,
        String description,
        BigDecimal amount,
        BigDecimal quantity,
        String unitOfMeasure,
        BigDecimal unitPrice) {

    public static LineItem lumpSum(String itemCode, String description, String amount) {
        return new LineItem(itemCode, description, new BigDecimal(amount), null, null, null);
    }

    public boolean hasUnitFields() {
        return quantity != null || unitOfMeasure != null || unitPrice != null;
    }

    /**
     * Two lines are the same when every field is; decimals compare by value so "10.0" and "10.00"
     * in a quantity are not a change.
     */
    public boolean sameAs(LineItem other) {
        return Objects.equals(itemCode, other.itemCode)
                && Objects.equals(description, other.description)
                && sameNumber(amount, other.amount)
                && sameNumber(quantity, other.quantity)
                && Objects.equals(unitOfMeasure, other.unitOfMeasure)
                && sameNumber(unitPrice, other.unitPrice);
    }

    private static boolean sameNumber(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
