package io.primesync.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The audit record of one import or re-import: who brought which ERP version into which project, when,
 * and what it did to the contract value and lines.
 */
public record SyncRecord(
        String syncId,
        Kind kind,
        Instant syncedAt,
        String syncedBy,
        String projectId,
        long erpVersion,
        BigDecimal previousAmount,
        BigDecimal newAmount,
        int added,
        int changed,
        int removed) {

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
}
