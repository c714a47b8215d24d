package io.primesync.local.procore;

import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimState.Company;
import io.primesync.local.procore.SimState.PrimeContract;
import io.primesync.local.procore.SimState.Project;

/**
 * What an application's service account was granted, as Procore enforces it for a Developer Managed Service Account:
 * a project it was not given answers 403 or 404 (the control surface says which) for itself and everything in it and
 * is left out of its lists; so does a prime contract hidden from it. The people's client sees everything.
 */
final class SimGrants {
    private SimGrants() {}

    /** The refusal of a call for something its caller was not granted, or null when it may go on. */
    static Reply refused(SimCall call, SimRoutes.Match match) {
        if (!call.restricted()) {
            return null;
        }
        Company c = call.company();
        String template = match.route().template();
        Long project = null;
        if (template.startsWith("/projects/{id}")) {
            project = match.ids().get(0);
        } else if (template.startsWith("/prime_contract/{id}") || template.startsWith("/prime_contracts/{id}")) {
            PrimeContract pc = c.primeContracts.get(match.ids().get(0));
            if (pc != null) {
                if (pc.hidden != null) {
                    return answer(pc.hidden, "Prime Contract");
                }
                project = pc.projectId;
            }
        }
        if (project == null) {
            project = id(call.query().get("project_id"));
        }
        if (project == null && call.body().path("project_id").canConvertToLong()) {
            project = call.body().path("project_id").asLong();
        }
        Project p = project == null ? null : c.projects.get(project);
        return p != null && p.hidden != null ? answer(p.hidden, "Project") : null;
    }

    /** Whether the call's caller may see the project (in a list). */
    static boolean visible(SimCall call, Project p) {
        return !call.restricted() || p.hidden == null;
    }

    /** Whether the call's caller may see the prime contract (in a list). */
    static boolean visible(SimCall call, PrimeContract pc) {
        return !call.restricted() || pc.hidden == null;
    }

    private static Long id(String value) {
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Reply answer(int status, String what) {
        return status == 403
                ? Reply.json(403, "{\"errors\":\"You do not have permission to perform this action\"}")
                : SimReplies.notFound(what);
    }
}
