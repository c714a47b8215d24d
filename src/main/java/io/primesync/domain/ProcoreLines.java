package io.primesync.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An imported contract's line items in Procore as last read, where they are not what the product synced: someone's
 * work in Procore that a re-import will find and write over. The preview, the Procore value a list shows and a sync's
 * record of what it overwrote all start from it, so that what is shown is what will be done.
 *
 * @param differing how many lines differ (changed, deleted or added in Procore); 0 when Procore holds what was synced
 * @param foreign how many lines another integration wrote
 * @param amount the sum of every line Procore held at that read; null when Procore was not read since the last sync
 *     (it then holds what the sync wrote)
 * @param edits the differing lines themselves: all of them, or the first {@link #MAX_LISTED}
 */
public record ProcoreLines(int differing, int foreign, BigDecimal amount, List<Edit> edits) {
    /** The lines kept of one read: enough to show what a person did by hand, small enough for the contract's item. */
    public static final int MAX_LISTED = 50;

    public static final ProcoreLines NONE = new ProcoreLines(0, 0, null, List.of());

    /** What happened to a line in Procore. */
    public enum Kind {
        CHANGED("changed"),
        DELETED("deleted"),
        ADDED("added");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Kind fromWire(String value) {
            for (Kind k : values()) {
                if (k.wire.equals(value)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no kind of Procore edit is called " + value);
        }
    }

    /**
     * One line as Procore held it.
     *
     * @param itemCode the ERP item code it carries; null for a line someone added in Procore without one
     * @param procoreLineId Procore's id of the line (null for one deleted there)
     * @param found the line as Procore held it, its unit of measure Procore's; null for a line deleted there
     * @param changedAt when Procore says the line last changed; null when deleted, or when Procore did not say
     */
    public record Edit(Kind kind, String itemCode, String procoreLineId, LineItem found, Instant changedAt) {}

    public ProcoreLines {
        edits = List.copyOf(edits);
    }

    /** How many differing lines were read but not kept: beyond {@link #MAX_LISTED}. */
    public int notListed() {
        return Math.max(0, differing - edits.size());
    }
}
