package io.primesync.service;

import io.primesync.domain.ReasonCode;
import io.primesync.domain.SovLockSetting;
import io.primesync.domain.Sync;
import io.primesync.procore.ProcoreRecords.Line;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.procore.ProcoreRecords.RecordError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Why a write to Procore failed, in sentences that say how to fix it. */
final class WriteFailures {
    private WriteFailures() {}

    /** Procore would not set the contract back to Draft: the lock, why it stays, and the two ways to lift it. */
    static Sync.Failure sovLocked(String status, String why) {
        return new Sync.Failure(ReasonCode.PROCORE_SOV_LOCKED.name(), "Procore keeps the schedule of values of this"
                + " prime contract locked while it is " + status + ", and " + why + ". Nothing was written. Either"
                + " turn on \"Enable Always Editable Schedule of Values\" in the project's Prime Contracts settings,"
                + " or set the contract to Draft in Procore; then re-import.");
    }

    /** The company keeps contracts out of Draft as they are: the lock, and how to lift it. */
    static Sync.Failure sovKept(String status) {
        return new Sync.Failure(ReasonCode.PROCORE_SOV_LOCKED.name(), "Procore keeps the schedule of values of this"
                + " prime contract locked while it is " + status + ". " + SovLockSetting.KEPT + " Nothing was"
                + " written. Set the prime contract to Draft in Procore, then re-import; or have "
                + SovLockSetting.NAME + " set to " + SovLockSetting.UNLOCK + ".");
    }

    /**
     * With the project's schedule of values always editable, the contract is written as it is; no line may be deleted
     * there, and this write would delete some.
     */
    static Sync.Failure sovDeletes(String status, int deletes) {
        String what = deletes > 0 ? "removes " + deletes + (deletes == 1 ? " line" : " lines")
                : "changes the contract's accounting method, which Procore allows only in Draft";
        return new Sync.Failure(ReasonCode.PROCORE_SOV_LOCKED.name(), "The prime contract is " + status + " in Procore,"
                + " where its schedule of values is always editable but no line may be deleted, and this re-import "
                + what + ". " + SovLockSetting.KEPT
                + " Nothing was written. Set the prime contract to Draft in Procore, then re-import; or have "
                + SovLockSetting.NAME + " set to " + SovLockSetting.UNLOCK + ".");
    }

    /**
     * Written as it is (always editable, out of Draft), Procore refused lines: it takes no line below what owner
     * invoices billed. The lines, with Procore's words.
     */
    static Sync.Failure belowBilled(String status, List<RecordError> errors, int sent) {
        List<String> named = new ArrayList<>();
        for (RecordError e : errors.subList(0, Math.min(5, errors.size()))) {
            named.add(itemCode(e.originId()) + " (" + e.message() + ")");
        }
        String more = errors.size() > named.size() ? ", and " + (errors.size() - named.size()) + " more" : "";
        return new Sync.Failure(ReasonCode.PROCORE_SOV_LOCKED.name(), "The prime contract is " + status + " in Procore,"
                + " where its always editable schedule of values takes no line below what owner invoices billed, and"
                + " Procore refused " + errors.size() + " of " + sent + " line items: " + String.join("; ", named)
                + more + ". The other lines were written. Bring the amount in Spectrum to at least what was billed, or"
                + " set the prime contract to Draft in Procore; then re-import.");
    }

    /**
     * Procore's per-record refusals as one sentence, naming a few of the lines; refusals of units of measure Procore's
     * company list does not hold are told apart, with the units to add or map.
     */
    static Sync.Failure recordsRefused(List<RecordError> errors, List<Line> sent) {
        Map<String, String> unitOf = new HashMap<>();
        sent.forEach(l -> unitOf.put(l.originId(), l.uom()));
        Map<String, List<String>> unknownUnits = new TreeMap<>();
        for (RecordError e : errors) {
            String unit = unitOf.get(e.originId());
            if (e.fields().contains("uom") && unit != null) {
                unknownUnits.computeIfAbsent(unit, u -> new ArrayList<>()).add(itemCode(e.originId()));
            }
        }
        if (!unknownUnits.isEmpty()) {
            List<String> named = new ArrayList<>();
            unknownUnits.forEach((unit, codes) -> named.add("\"" + unit + "\" (line" + (codes.size() == 1 ? " " : "s ")
                    + String.join(", ", codes.subList(0, Math.min(5, codes.size())))
                    + (codes.size() > 5 ? " and " + (codes.size() - 5) + " more" : "") + ")"));
            return new Sync.Failure("PROCORE_UNIT_UNKNOWN", "Procore refused " + errors.size() + " of " + sent.size()
                    + " line items it was sent: the company's list of units of measure in Procore does not hold "
                    + String.join(", ", named) + ". The other lines were written. Add the unit" + (unknownUnits.size() == 1
                    ? "" : "s") + " to the Units of Measure list in Procore's Company Admin, or map Spectrum's unit to"
                    + " one Procore holds (" + ProcoreRules.UNIT_MAP + ", for example {\""
                    + unknownUnits.keySet().iterator().next() + "\": \"EA\"}); then re-import.");
        }
        List<String> named = new ArrayList<>();
        for (RecordError e : errors.subList(0, Math.min(5, errors.size()))) {
            named.add(itemCode(e.originId()) + " (" + e.message() + ")");
        }
        String more = errors.size() > named.size() ? ", and " + (errors.size() - named.size()) + " more" : "";
        return new Sync.Failure("PROCORE_RECORDS_REFUSED", "Procore refused " + errors.size() + " of " + sent.size()
                + " line items it was sent: " + String.join("; ", named) + more + ". The other lines were written. Fix"
                + " these lines in Spectrum (or what Procore says is wrong with them), then re-import: only what still"
                + " differs is written again.");
    }

    /** A prime contract carrying the contract's id that another integration wrote: who, as far as Procore tells. */
    static Sync.Failure contractOwnedElsewhere(PrimeContract pc) {
        return new Sync.Failure(ReasonCode.PROCORE_CONTRACT_OWNED_ELSEWHERE.name(), "Procore's prime contract " + pc.id()
                + " carries this contract's id, but another integration wrote it (" + pc.writtenBy() + "). PrimeSync never"
                + " writes over what it did not write, so nothing was written. Whoever runs that integration (or"
                + " Procore's ERP Integrations tool) keeps this contract; to bring it over with PrimeSync instead, have that prime"
                + " contract deleted or its origin cleared in Procore, then try again.");
    }

    /** Lines of the prime contract that another integration wrote: who owns them, as far as their origin ids tell. */
    static Sync.Failure ownedElsewhere(List<Line> foreign) {
        List<String> named = new ArrayList<>();
        for (Line l : foreign.subList(0, Math.min(5, foreign.size()))) {
            named.add("\"" + l.description() + "\" (origin_id " + l.originId() + ")");
        }
        String more = foreign.size() > named.size() ? ", and " + (foreign.size() - named.size()) + " more" : "";
        return new Sync.Failure("PROCORE_LINES_OWNED_ELSEWHERE", "The prime contract in Procore holds "
                + foreign.size() + " line item" + (foreign.size() == 1 ? "" : "s") + " that another integration wrote"
                + " (their origin ids are not this contract's): " + String.join("; ", named) + more + ". PrimeSync never"
                + " overwrites or removes lines it did not write, so nothing was written. Ask whoever runs that"
                + " integration (or Procore's ERP Integrations tool) to take the lines off this contract, or remove"
                + " them in Procore; then re-import.");
    }

    /** The ERP's item code of a line, from its origin id ({@code contract:item}). */
    private static String itemCode(String originId) {
        return originId == null ? "?" : originId.substring(originId.indexOf(':') + 1);
    }
}
