package io.primesync.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One import or re-import: accepted at once (pending), written to Procore in the background (writing), and ended
 * applied or failed. It is also the audit record: who asked for which ERP version into which project, when, what it
 * did to the contract value and lines, and how it ended.
 *
 * @param linesTotal the line writes the sync makes in Procore (creates, updates, removals): what the preview counted,
 *     or more once Procore's own lines were read and differ from what was synced last
 * @param linesWritten how many of those Procore holds now; a sync resumed after a crash counts what the earlier
 *     attempt wrote, since what is left is measured against Procore
 * @param error why it failed, in words that say how to fix it; null unless failed
 * @param restoreStatus the status the prime contract was found in when the write had to set it to {@code Draft} to
 *     change its lines (Procore's lock), recorded before it did: what the write restores, whatever happens; null when
 *     no unlock was needed
 * @param overwrites what the write found in Procore and wrote over, recorded before its first write; null until then,
 *     and for an import
 */
public record Sync(
        String syncId,
        Kind kind,
        String contractId,
        String projectId,
        String procorePrimeContractId,
        long erpVersion,
        Status status,
        int linesWritten,
        int linesTotal,
        BigDecimal previousAmount,
        BigDecimal newAmount,
        int added,
        int changed,
        int removed,
        Instant requestedAt,
        String requestedBy,
        Instant finishedAt,
        Failure error,
        String restoreStatus,
        Overwrites overwrites) {

    public enum Kind {
        IMPORT("import"),
        REIMPORT("reimport");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Kind fromWire(String value) {
            return "import".equals(value) ? IMPORT : REIMPORT;
        }
    }

    public enum Status {
        PENDING("pending"),
        WRITING("writing"),
        APPLIED("applied"),
        FAILED("failed");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public boolean finished() {
            return this == APPLIED || this == FAILED;
        }

        public static Status fromWire(String value) {
            for (Status s : values()) {
                if (s.wire.equals(value)) {
                    return s;
                }
            }
            return PENDING;
        }
    }

    /** What Procore refused, or what went wrong, with a stable code and a sentence. */
    public record Failure(String code, String message) {}

    /** A sync as it is accepted: pending, nothing written yet. */
    public static Sync accepted(String syncId, Kind kind, String contractId, String projectId, String procorePrimeContractId,
            long erpVersion, BigDecimal previousAmount, BigDecimal newAmount, PendingChanges changes, Instant at,
            String by) {
        return new Sync(syncId, kind, contractId, projectId, procorePrimeContractId, erpVersion, Status.PENDING, 0,
                changes.added() + changes.changed() + changes.removed(), previousAmount, newAmount, changes.added(),
                changes.changed(), changes.removed(), at, by, null, null, null, null);
    }

    public boolean finished() {
        return status.finished();
    }

    public Sync writing(String primeContractId, int written, int total) {
        return new Sync(syncId, kind, contractId, projectId, primeContractId, erpVersion, Status.WRITING, written, total,
                previousAmount, newAmount, added, changed, removed, requestedAt, requestedBy, null, null, restoreStatus, overwrites);
    }

    public Sync applied(String primeContractId, int total, Instant at) {
        return new Sync(syncId, kind, contractId, projectId, primeContractId, erpVersion, Status.APPLIED, total, total,
                previousAmount, newAmount, added, changed, removed, requestedAt, requestedBy, at, null, restoreStatus, overwrites);
    }

    /** The same sync, about to set the contract to {@code Draft} from the status it was {@code found} in. */
    public Sync unlocking(String found) {
        return new Sync(syncId, kind, contractId, projectId, procorePrimeContractId, erpVersion, status, linesWritten,
                linesTotal, previousAmount, newAmount, added, changed, removed, requestedAt, requestedBy, finishedAt, error,
                found, overwrites);
    }

    public Sync failed(Failure failure, Instant at) {
        return new Sync(syncId, kind, contractId, projectId, procorePrimeContractId, erpVersion, Status.FAILED,
                linesWritten, linesTotal, previousAmount, newAmount, added, changed, removed, requestedAt, requestedBy, at,
                failure, restoreStatus, overwrites);
    }

    /** The same sync, with what its write found in Procore and is about to write over. */
    public Sync overwriting(Overwrites found) {
        return new Sync(syncId, kind, contractId, projectId, procorePrimeContractId, erpVersion, status, linesWritten,
                linesTotal, previousAmount, newAmount, added, changed, removed, requestedAt, requestedBy, finishedAt, error,
                restoreStatus, found);
    }
}
