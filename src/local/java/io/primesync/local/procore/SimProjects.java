package io.primesync.local.procore;

import static io.primesync.local.procore.SimReplies.invalid;
import static io.primesync.local.procore.SimReplies.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimState.Company;
import io.primesync.local.procore.SimState.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Procore's projects of a company ({@code /projects}): list, show, create and update, each with its {@code origin_id}
 * (an ERP job number makes it that job's synced project). What other resources need of a project (finding the one a
 * call names) is here too.
 */
final class SimProjects {
    static final String RESOURCE = "Projects";

    private final SimState state;
    private final SimPages pages;

    SimProjects(SimState state, SimPages pages) {
        this.state = state;
        this.pages = pages;
    }

    void routes(SimRoutes routes) {
        routes.add("GET", "/projects", this::list)
                .add("POST", "/projects", this::create)
                .add("GET", "/projects/{id}", c -> show(c.company(), c.id(0)))
                .add("PATCH", "/projects/{id}", this::update);
    }

    /**
     * The company's projects the caller may see: active ones, or as {@code filters[by_status]} asks ({@code Active},
     * {@code Inactive}, {@code All}), and those last updated within {@code filters[updated_at]} when it is given.
     */
    private Reply list(SimCall call) {
        String status = call.query().getOrDefault("filters[by_status]", "Active");
        if (!List.of("Active", "Inactive", "All").contains(status)) {
            return invalid(Map.of("filters[by_status]", "must be one of Active, Inactive, or All"));
        }
        SimFields.Range updated = SimFields.Range.parse(call.query().get("filters[updated_at]"));
        if (updated == null) {
            return invalid(Map.of("filters[updated_at]", "must be a range: YYYY-MM-DD...YYYY-MM-DD or "
                    + "YYYY-MM-DDTHH:MM:SSZ...YYYY-MM-DDTHH:MM:SSZ"));
        }
        List<Project> shown = call.company().projects.values().stream()
                .filter(p -> SimGrants.visible(call, p))
                .filter(p -> status.equals("All") || p.active == status.equals("Active"))
                .filter(p -> updated.holds(p.updatedAt)).toList();
        return pages.page(new ArrayList<>(shown), call, SimProjects::json);
    }

    /** The project a call's {@code project_id} names, or null when it names none of the company's. */
    static Long fromQuery(Company c, Map<String, String> q) {
        try {
            long id = Long.parseLong(q.getOrDefault("project_id", "-1"));
            return c.projects.containsKey(id) ? id : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The answer when {@link #fromQuery} found none: no such project, or no {@code project_id} at all. */
    static Reply missing(Map<String, String> q) {
        return q.containsKey("project_id") ? notFound("Project")
                : Reply.json(400, "{\"errors\":\"project_id is required\"}");
    }

    private Reply show(Company c, long id) {
        Project p = c.projects.get(id);
        return p == null ? notFound("Project") : SimReplies.json(200, json(p));
    }

    /** Procore's description requires the company in the body of a project's create and update. */
    private static Reply withoutCompany(SimCall call) {
        return call.body().path("company_id").canConvertToLong() ? null
                : Reply.json(400, "{\"errors\":\"company_id is missing\"}");
    }

    private Reply create(SimCall call) {
        Reply missing = withoutCompany(call);
        if (missing != null) {
            return missing;
        }
        JsonNode p = call.body().path("project");
        String name = p.path("name").asText(null);
        if (name == null || name.isBlank()) {
            return invalid(Map.of("name", "can't be blank"));
        }
        Project project = new Project();
        project.id = state.nextProjectId++;
        project.companyId = call.company().id;
        project.name = name;
        project.number = SimFields.text(p, "project_number");
        project.originId = SimFields.text(p, "origin_id");
        project.createdAt = project.updatedAt = call.now();
        call.company().projects.put(project.id, project);
        call.changed(RESOURCE, "create", project.id, project.id, null);
        return SimReplies.json(201, json(project));
    }

    private Reply update(SimCall call) {
        Reply missing = withoutCompany(call);
        if (missing != null) {
            return missing;
        }
        Project project = call.company().projects.get(call.id(0));
        if (project == null) {
            return notFound("Project");
        }
        JsonNode p = call.body().path("project");
        if (p.has("name")) {
            project.name = p.path("name").asText();
        }
        if (p.has("origin_id")) {
            project.originId = SimFields.text(p, "origin_id");
        }
        if (p.has("project_number")) {
            project.number = SimFields.text(p, "project_number");
        }
        if (p.has("active")) {
            if (!p.path("active").isBoolean()) {
                return invalid(Map.of("active", "must be true or false"));
            }
            project.active = p.path("active").asBoolean();
        }
        project.updatedAt = call.now();
        call.changed(RESOURCE, "update", project.id, project.id, null);
        return SimReplies.json(200, json(project));
    }

    private static ObjectNode json(Project p) {
        ObjectNode o = Json.object();
        o.put("id", p.id);
        o.put("name", p.name);
        o.putObject("company").put("id", p.companyId);
        o.put("project_number", p.number);
        o.put("display_name", p.number == null ? p.name : p.number + " - " + p.name);
        o.put("origin_id", p.originId);
        o.put("active", p.active);
        o.put("created_at", p.createdAt);
        o.put("updated_at", p.updatedAt);
        return o;
    }
}
