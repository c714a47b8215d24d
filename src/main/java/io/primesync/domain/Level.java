package io.primesync.domain;

/** A permission level on one tool, ordered from least to most. */
public enum Level {
    NONE("none", "None"),
    READ_ONLY("read_only", "Read Only"),
    STANDARD("standard", "Standard"),
    ADMIN("admin", "Admin");

    private final String wire;
    private final String label;

    Level(String wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    public String wire() {
        return wire;
    }

    /** The level as Procore's permission screens name it, for messages that tell a user what to ask for. */
    public String label() {
        return label;
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
