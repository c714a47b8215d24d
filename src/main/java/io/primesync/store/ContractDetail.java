package io.primesync.store;

import io.primesync.domain.ContractDiff;
import io.primesync.domain.ContractFacts;
import io.primesync.domain.LineItem;
import io.primesync.domain.ProjectName;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A contract read whole: its head, the projects its job is the origin of in Procore (none when the job is not synced,
 * several when two projects carry it), the ERP's current lines and the lines the project holds.
 */
public record ContractDetail(
        ContractHead head,
        List<String> jobProjectIds,
        List<LineItem> currentLines,
        List<LineItem> syncedLines,
        List<String> unreferencedSets) {

    public ContractDetail {
        jobProjectIds = List.copyOf(jobProjectIds);
        currentLines = List.copyOf(currentLines);
        syncedLines = List.copyOf(syncedLines);
        unreferencedSets = List.copyOf(unreferencedSets);
    }

    /** The project the job is synced to: the one, or the first of several; null when it is not synced. */
    public String jobProjectId() {
        return jobProjectIds.isEmpty() ? null : jobProjectIds.get(0);
    }

    public ContractFacts facts(Map<String, ProjectName> projectNames) {
        return head.facts(jobProjectIds, projectNames);
    }

    /** The projects the facts name: every linked one, and the job's. */
    public Set<String> projectIds() {
        return head.projectIds(jobProjectIds);
    }

    /** The ERP's lines against the lines synced last. */
    public ContractDiff diff() {
        return ContractDiff.between(syncedLines, currentLines);
    }

    /**
     * What a re-import would do: the ERP's lines against Procore as last read (the synced lines with what people
     * changed in Procore since).
     *
     * @param units the company's mapping of the ERP's units of measure to Procore's
     */
    public ContractDiff plan(UnaryOperator<String> units) {
        return ContractDiff.plan(syncedLines, head.procoreLines(), currentLines, units);
    }
}
