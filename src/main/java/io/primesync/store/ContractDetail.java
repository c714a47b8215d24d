package io.primesync.store;

import io.primesync.domain.ContractDiff;
import io.primesync.domain.LineItem;
import java.util.List;

/**
 * A contract read whole: its head, the project its job is synced to (null if none), the ERP's current lines
 * and the lines the project holds.
 */
public record ContractDetail(
        ContractHead head,
        String jobProjectId,
        List<LineItem> currentLines,
        List<LineItem> syncedLines,
        List<String> unreferencedSets) {

    public ContractDetail {
        currentLines = List.copyOf(currentLines);
        syncedLines = List.copyOf(syncedLines);
        unreferencedSets = List.copyOf(unreferencedSets);
    }

    public ContractDiff diff() {
        return ContractDiff.between(syncedLines, currentLines);
    }
}
