package io.primesync.domain;

/** Status of a prime contract change order in Procore; only {@code approved} blocks a re-import. */
public enum PccoStatus {
    DRAFT("draft"),
    PRICING("pricing"),
    NOT_PRICING("not_pricing"),
    PENDING("pending"),
    REVISED("revised"),
    PROCEEDING("proceeding"),
    NOT_PROCEEDING("not_proceeding"),
    PENDING_BILLABLE("pending_billable"),
    NO_CHARGE("no_charge"),
    APPROVED("approved"),
    REJECTED("rejected"),
    VOID("void");

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
