package io.primesync.domain;

/**
 * The company's choice about Procore's lock on a schedule of values (docs/procore.md, "Procore's locks"): the
 * setting's name and values, and the sentence that says a company keeps locked contracts as they are. The rules
 * predict the refusal with it; the worker, which reads Procore's status before writing, fails with the same words.
 */
public final class SovLockSetting {
    private SovLockSetting() {}

    public static final String NAME = "PROCORE_LOCKED_SOV";
    public static final String UNLOCK = "unlock";
    public static final String REFUSE = "refuse";

    /**
     * Whether a project has Procore's "Enable Always Editable Schedule of Values" on: lines may then change in any
     * status, but none may be deleted nor lowered below what owner invoices billed. Procore's API, as far as the
     * operations the product uses go, does not say, so each company says it per project.
     */
    public static final String ALWAYS_EDITABLE = "PROCORE_ALWAYS_EDITABLE_SOV";
    public static final String ON = "on";
    public static final String OFF = "off";

    /** Why a contract out of Draft is left alone. */
    public static final String KEPT = "Your company keeps prime contracts out of Draft as they are (setting "
            + NAME + " is " + REFUSE + "), so the product does not unlock it.";
}
