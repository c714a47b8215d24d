package io.primesync.domain;

import java.util.List;

/** The import and re-import rules of DOMAIN.md: every failing rule is a reason, all evaluated every time. */
public final class Eligibility {
    private Eligibility() {}

    /** Reasons a re-import is refused for this caller; empty means the re-import may proceed. */
    public static List<Reason> forReimport(ContractFacts facts, Caller caller, String companyId) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Reasons a first import is refused for this caller; empty means the import may proceed. */
    public static List<Reason> forImport(ContractFacts facts, Caller caller, String companyId) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
