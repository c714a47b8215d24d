package io.primesync.domain;

import java.util.List;

/** The contract rules checked at the door, before a snapshot is stored. */
public final class SnapshotValidator {
    public static final int MAX_LINE_ITEMS = 5000;

    private SnapshotValidator() {}

    /** Every broken rule, in the order of the fields; empty when the snapshot may be stored. */
    public static List<Violation> validate(ContractSnapshot snapshot) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
