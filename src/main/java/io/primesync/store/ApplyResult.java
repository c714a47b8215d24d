package io.primesync.store;

/** What a webhook event did to the stored state. */
public enum ApplyResult {
    APPLIED("applied"),
    STALE("stale"),
    DUPLICATE("duplicate");

    private final String wire;

    ApplyResult(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static ApplyResult fromWire(String value) {
        for (ApplyResult r : values()) {
            if (r.wire.equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown result " + value);
    }
}
