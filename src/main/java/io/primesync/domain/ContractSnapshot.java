package io.primesync.domain;

import java.math.BigDecimal;
import java.util.List;

/** A full copy of one ERP prime contract at one ERP version, as the ERP agent pushes it. */
public record ContractSnapshot(
        String contractId,
        String jobNumber,
        String title,
        ContractStatus status,
        long erpVersion,
        BigDecimal originalContractAmount,
        BigDecimal retainagePercent,
        List<LineItem> lineItems) {

    public ContractSnapshot {
        lineItems = List.copyOf(lineItems);
    }
}
