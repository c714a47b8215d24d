package io.primesync.testing;

import io.primesync.domain.ContractDiff;
import io.primesync.domain.ContractSnapshot;
import io.primesync.domain.ContractStatus;
import io.primesync.domain.LineItem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Valid contracts and lines for tests. */
public final class Fixtures {
    private Fixtures() {}

    public static LineItem line(String code, String amount) {
        return LineItem.lumpSum(code, "Line " + code, amount);
    }

    public static LineItem unitLine(String code, String quantity, String uom, String unitPrice, String amount) {
        return new LineItem(code, "Unit line " + code, new BigDecimal(amount), new BigDecimal(quantity), uom,
                new BigDecimal(unitPrice));
    }

    public static List<LineItem> lines(int count, String prefix) {
        List<LineItem> lines = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            lines.add(LineItem.lumpSum(prefix + i, "Work package " + i + " of the " + prefix + " scope",
                    (1000 + i) + "." + String.format("%02d", i % 100)));
        }
        return lines;
    }

    public static ContractSnapshot snapshot(String contractId, String jobNumber, long version, List<LineItem> lines) {
        return snapshot(contractId, jobNumber, version, ContractStatus.APPROVED, lines);
    }

    public static ContractSnapshot snapshot(String contractId, String jobNumber, long version, ContractStatus status,
            List<LineItem> lines) {
        return new ContractSnapshot(contractId, jobNumber, "Prime contract " + contractId, status, version,
                ContractDiff.sum(lines), null, lines);
    }
}
