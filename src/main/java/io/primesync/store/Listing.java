package io.primesync.store;

import java.util.List;

/** A contract in a list page: its head and the projects its job is the origin of in Procore (none if not synced). */
public record Listing(ContractHead head, List<String> jobProjectIds) {
    public Listing {
        jobProjectIds = List.copyOf(jobProjectIds);
    }

    /** The project the job is synced to: the one, or the first of several; null when it is not synced. */
    public String jobProjectId() {
        return jobProjectIds.isEmpty() ? null : jobProjectIds.get(0);
    }
}
