package io.primesync.domain;

/** A permission level on one tool, ordered from least to most. */
public enum Level {
    NONE("none"),
    READ_ONLY("read_only"),
    STANDARD("standard"),
    ADMIN("admin");

    private final String wire;

    Level(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean atLeast(Level other) {
        return compareTo(other) >= 0;
    }

    /** Unknown or missing levels grant nothing. */
    public static Level fromWire(String value) {
        for (Level l : values()) {
            if (l.wire.equals(value)) {
                return l;
            }
        }
        return NONE;
    }
}
