package io.primesync.domain;

/** Status of a prime contract change order on the project side. */
public enum PccoStatus {
    DRAFT("draft"),
    PENDING("pending"),
    APPROVED("approved"),
    REJECTED("rejected"),
    VOID("void"),
    NO_CHARGE("no_charge");

    private final String wire;

    PccoStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static PccoStatus fromWire(String value) {
        for (PccoStatus s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        return null;
    }
}
