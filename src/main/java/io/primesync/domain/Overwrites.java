package io.primesync.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a sync found in Procore and wrote over: the lines people changed, deleted or added there since the last sync,
 * each with what was found and what was written; and how many of Procore's lines the write found other than the
 * preview showed them, because Procore moved between the preview and the write (the sync writes the ERP's lines all
 * the same: that is what was confirmed).
 *
 * @param lines the lines written over: all of them, or the first {@link ProcoreLines#MAX_LISTED}, those the preview did
 *     not show first
 * @param total how many lines were written over
 * @param notAsPreviewed how many of Procore's lines were not as the preview showed them
 */
public record Overwrites(List<Overwrite> lines, int total, int notAsPreviewed) {
    public static final Overwrites NONE = new Overwrites(List.of(), 0, 0);

    /**
     * @param itemCode the ERP item code; null for a line someone added in Procore without one
     * @param description as found; as synced for a line deleted in Procore
     * @param found the amount Procore held; null for a line deleted there
     * @param written the amount the sync wrote; null for a line it removed
     * @param changedAt when Procore says the line last changed, where it says
     * @param previewed whether the preview showed the line as the write found it
     */
    public record Overwrite(ProcoreLines.Kind kind, String itemCode, String description, BigDecimal found,
            BigDecimal written, Instant changedAt, boolean previewed) {}

    public Overwrites {
        lines = List.copyOf(lines);
    }
}
