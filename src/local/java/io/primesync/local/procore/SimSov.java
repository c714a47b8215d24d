package io.primesync.local.procore;

import io.primesync.local.procore.SimState.LineItem;
import io.primesync.local.procore.SimState.PrimeContract;
import io.primesync.local.procore.SimState.Project;
import java.math.BigDecimal;

/**
 * Procore's locks on a prime contract's schedule of values, as its documentation gives them: lines may be written
 * only while the contract is in {@code Draft}; a project with "Enable Always Editable Schedule of Values" lets them be
 * written in any status, but never deleted nor lowered below what owner invoices billed. Every client meets them:
 * the product's service account and people working in Procore alike.
 */
final class SimSov {
    static final String DRAFT = "Draft";

    private SimSov() {}

    /**
     * Why writing a line is refused, or null when it may be written.
     *
     * @param existing the line as it is (null for a new one)
     * @param amount the amount it would have (null when unchanged)
     */
    static String writeRefusal(Project project, PrimeContract pc, LineItem existing, BigDecimal amount) {
        if (DRAFT.equals(pc.status)) {
            return null;
        }
        if (project == null || !project.alwaysEditableSov) {
            return locked(pc);
        }
        String origin = existing == null ? null : existing.originId;
        BigDecimal billed = origin == null || !pc.billed.containsKey(origin) ? null : new BigDecimal(pc.billed.get(origin));
        if (billed != null && amount != null && amount.compareTo(billed) < 0) {
            return "cannot be less than the amount already billed (" + billed.toPlainString() + ")";
        }
        return null;
    }

    /** Why deleting a line is refused, or null when it may be deleted. */
    static String deleteRefusal(Project project, PrimeContract pc) {
        if (DRAFT.equals(pc.status)) {
            return null;
        }
        if (project == null || !project.alwaysEditableSov) {
            return locked(pc);
        }
        return "Line items cannot be deleted while the contract is " + pc.status + ", even with an always editable"
                + " Schedule of Values";
    }

    private static String locked(PrimeContract pc) {
        return "The Schedule of Values can only be edited while the contract is in Draft status (it is "
                + pc.status + ")";
    }
}
