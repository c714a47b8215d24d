package io.primesync.agent;

import java.math.BigDecimal;
import java.util.List;

/**
 * One accounts-receivable contract as Spectrum holds it: its keys (trimmed), its job, its header and its billing items.
 *
 * @param originalAmount the header's original contract amount as Spectrum holds it (never recomputed from the lines)
 * @param unitPricing whether it is billed by unit price
 */
public record SpectrumContract(String company, String job, String customer, String jobDescription, String jobStatus,
        BigDecimal originalAmount, BigDecimal retentionPercent, boolean unitPricing, List<Item> items) {

    /**
     * A billing item: a fixed-price one has a code, a description and an amount; a unit-price one also a group, a
     * quantity, a unit and a unit price.
     */
    public record Item(String group, String code, String description, BigDecimal amount, BigDecimal quantity,
            String unit, BigDecimal unitPrice) {}

    public SpectrumContract {
        items = List.copyOf(items);
    }
}
