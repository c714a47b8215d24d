package io.primesync.service;

import io.primesync.logging.Log;
import io.primesync.logging.Metrics;
import io.primesync.procore.ProcoreReader;
import io.primesync.procore.ProcoreRecords.Project;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds what is read from Procore to the company it was read for. Every read carries the company's header, and
 * Procore says which company a project is in; a project of another company (and whatever is in it) is never
 * applied to this company's contracts, however the delivery that named it came. Such an answer is dropped, logged
 * and counted; the reconciliation's next run reads the company's side whole again.
 */
public final class CompanyBinding {
    /** The finding a dropped answer is counted under. */
    public static final String MISMATCH = "dropped: another company's";
    /** The finding of a delivery naming a project Procore no longer answers for the company. */
    static final String UNKNOWN_PROJECT = "dropped: project not found";
    private static final int MAX_REMEMBERED = 10_000;

    private final ProcoreReader procore;
    /** Projects already read as the company's: {@code company/project}. */
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    /** The mismatches among the findings, as the metric counts them (none: nothing sent). */
    public static void emitMismatches(Findings found) {
        if (found.get(MISMATCH) > 0) {
            Metrics.emit(Metrics.Metric.PROCORE_COMPANY_MISMATCHES, found.get(MISMATCH));
        }
    }

    CompanyBinding(ProcoreReader procore) {
        this.procore = procore;
    }

    /** What Procore said of a project asked for under a company's header; for another's, which company it named. */
    record Verdict(Kind kind, String projectCompanyId) {
        enum Kind { OURS, OTHERS, NOT_FOUND }
    }

    /** Whether a project Procore answered belongs to the company (when the answer does not say: its project list). */
    boolean belongs(String companyId, Project project) {
        boolean ours = project.companyId() != null ? project.companyId().equals(companyId)
                : procore.projects(companyId).stream().anyMatch(p -> p.id().equals(project.id()));
        if (ours) {
            remember(companyId, project.id());
        }
        return ours;
    }

    /** The project named by a delivery of the company, read (once per container) and held to the company. */
    Verdict project(String companyId, String projectId) {
        if (verified.contains(companyId + "/" + projectId)) {
            return new Verdict(Verdict.Kind.OURS, companyId);
        }
        Optional<Project> project = procore.project(companyId, projectId);
        if (project.isEmpty()) {
            return new Verdict(Verdict.Kind.NOT_FOUND, null);
        }
        return belongs(companyId, project.get()) ? new Verdict(Verdict.Kind.OURS, companyId)
                : new Verdict(Verdict.Kind.OTHERS, project.get().companyId());
    }

    /** Counts and logs an answer of another company that was dropped. */
    static void dropped(Findings found, String companyId, String resource, String resourceId, String projectId,
            String projectCompanyId) {
        found.add(MISMATCH);
        Log.warn("Procore answered a record of another company; dropped", "companyId", companyId, "resource", resource,
                "resourceId", resourceId, "projectId", projectId, "projectCompanyId", projectCompanyId);
    }

    private void remember(String companyId, String projectId) {
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.add(companyId + "/" + projectId);
    }
}
