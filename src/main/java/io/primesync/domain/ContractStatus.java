package io.primesync.domain;

/** The contract's status in the ERP; a deletion is recorded separately, as a flag on the contract. */
public enum ContractStatus {
    APPROVED("approved"),
    UNAPPROVED("unapproved");

    private final String wire;

    ContractStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static ContractStatus fromWire(String value) {
        for (ContractStatus s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        return null;
    }
}
