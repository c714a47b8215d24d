package io.primesync.service;

import io.primesync.config.PerCompany;
import io.primesync.config.Settings;
import io.primesync.config.UnitMap;
import io.primesync.domain.ContractFacts;
import io.primesync.domain.SovLockSetting;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How each company wants the write to meet Procore's lock on a schedule of values (docs/procore.md, "Procore's locks"):
 * lines may change only while the prime contract is in {@code Draft}. Each choice may be narrowed to a project.
 *
 * @param lockedSov for a re-import of a contract out of {@code Draft}: {@code unlock} (set it to Draft, write, restore
 *     the status it had) or {@code refuse} (a re-import is refused with {@code PROCORE_SOV_LOCKED})
 * @param importStatus the status an import leaves an approved contract in once its lines are written
 * @param units how the ERP's units of measure are named in the company's list in Procore
 * @param alwaysEditable which projects have Procore's "Enable Always Editable Schedule of Values" on ({@code on}):
 *     there a contract out of Draft may be written as it is, without a delete
 */
public record ProcoreRules(PerCompany lockedSov, PerCompany importStatus, UnitMap units, PerCompany alwaysEditable) {
    public static final String LOCKED_SOV = SovLockSetting.NAME;
    public static final String IMPORT_STATUS = "PROCORE_IMPORT_STATUS";
    public static final String UNLOCK = SovLockSetting.UNLOCK;
    public static final String REFUSE = SovLockSetting.REFUSE;
    public static final String DRAFT = ContractFacts.DRAFT;
    public static final String APPROVED = "Approved";
    public static final String UNIT_MAP = "PROCORE_UNIT_MAP";

    /** Procore's defaults: unlock and restore; an import ends Approved. */
    public static final ProcoreRules DEFAULT = new ProcoreRules(PerCompany.of(UNLOCK), PerCompany.of(APPROVED),
            UnitMap.NONE, PerCompany.of(SovLockSetting.OFF));

    /** The rules where no project's schedule of values is always editable. */
    public ProcoreRules(PerCompany lockedSov, PerCompany importStatus, UnitMap units) {
        this(lockedSov, importStatus, units, PerCompany.of(SovLockSetting.OFF));
    }

    public static ProcoreRules from(Settings settings) {
        return new ProcoreRules(PerCompany.read(settings, LOCKED_SOV, UNLOCK, List.of(UNLOCK, REFUSE)),
                PerCompany.read(settings, IMPORT_STATUS, APPROVED, List.of(APPROVED, DRAFT)),
                UnitMap.read(settings, UNIT_MAP),
                PerCompany.read(settings, SovLockSetting.ALWAYS_EDITABLE, SovLockSetting.OFF,
                        List.of(SovLockSetting.ON, SovLockSetting.OFF)));
    }

    /** Whether a re-import into the company's project may set a locked prime contract to Draft and back. */
    public boolean unlocks(String companyId, String projectId) {
        return UNLOCK.equals(lockedSov.forProject(companyId, projectId));
    }

    /** Whether the project has Procore's always editable schedule of values on, as the company says. */
    public boolean alwaysEditable(String companyId, String projectId) {
        return SovLockSetting.ON.equals(alwaysEditable.forProject(companyId, projectId));
    }

    public String importStatus(String companyId, String projectId) {
        return importStatus.forProject(companyId, projectId);
    }

    /** The company's units of measure in Procore, from the ERP's. */
    public UnaryOperator<String> units(String companyId) {
        return units.forCompany(companyId);
    }
}
