package io.primesync.local.procore;

import static io.primesync.local.procore.SimReplies.invalid;
import static io.primesync.local.procore.SimReplies.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimState.ChangeOrder;
import io.primesync.local.procore.SimState.ChangeOrderPackage;
import io.primesync.local.procore.SimState.Company;
import io.primesync.local.procore.SimState.PrimeContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A project's prime contract change orders ({@code /projects/{P}/prime_change_orders}): list (with
 * {@code filters[contract_id]} and {@code filters[status]}), show, create and update, in Procore's statuses; and the
 * change order packages ({@code /change_order_packages?project_id=P}). On a 1- or 2-tier project each prime change
 * order is in a package of its own ({@code legacy_package_id}) that takes its status; a 3-tier project has packages
 * only (made by people, here through the control surface), and its {@code prime_change_orders} answer that the
 * endpoint supports 1- and 2-tier projects only. Changes are delivered under {@code Change Order Packages} with the
 * package's id, which is not a change order's.
 */
final class SimChangeOrders {
    /** The resource name change-order events are delivered under (Procore's is unconfirmed; its listed example). */
    static final String RESOURCE = "Change Order Packages";
    static final List<String> STATUSES = List.of("draft", "pricing", "not_pricing", "pending", "revised",
            "proceeding", "not_proceeding", "pending_billable", "no_charge", "approved", "rejected", "void");
    /** What a 3-tier project answers on the prime change orders endpoint (Procore's words are unconfirmed). */
    static final String THREE_TIER = "Prime change orders are available only on projects with a 1 or 2 tier change"
            + " order configuration; this project has 3 tiers: use its change order packages";

    private final SimState state;
    private final SimPages pages;

    SimChangeOrders(SimState state, SimPages pages) {
        this.state = state;
        this.pages = pages;
    }

    void routes(SimRoutes routes) {
        String orders = "/projects/{id}/prime_change_orders";
        routes.add("GET", orders, c -> tiered(c, this::list))
                .add("POST", orders, c -> tiered(c, this::create))
                .add("GET", orders + "/{id}", c -> tiered(c, this::show))
                .add("PATCH", orders + "/{id}", c -> tiered(c, this::update))
                .add("GET", "/change_order_packages", this::packages)
                .add("GET", "/change_order_packages/{id}", this::showPackage);
    }

    /** The prime change orders endpoints, on a project whose change order configuration has 1 or 2 tiers. */
    private static Reply tiered(SimCall call, SimRoutes.Action action) {
        SimState.Project p = call.company().projects.get(call.id(0));
        if (p == null) {
            return notFound("Project");
        }
        if (p.changeOrderTiers == 3) {
            return invalid(Map.of("base", THREE_TIER));
        }
        return action.run(call);
    }

    private Reply list(SimCall call) {
        long project = call.id(0);
        String contract = call.query().get("filters[contract_id]");
        String status = call.query().get("filters[status]");
        String pkg = call.query().get("filters[legacy_package_id]");
        List<ChangeOrder> found = call.company().changeOrders.values().stream().filter(co -> co.projectId == project)
                .filter(co -> contract == null || Long.toString(co.contractId).equals(contract))
                .filter(co -> pkg == null || Long.toString(co.packageId).equals(pkg))
                .filter(co -> status == null || status.equals(co.status)).toList();
        return pages.page(new ArrayList<>(found), call, SimChangeOrders::json);
    }

    /** The change order a call's path names, or null when it is not the project's. */
    private static ChangeOrder find(SimCall call) {
        ChangeOrder co = call.company().changeOrders.get(call.id(1));
        return co == null || co.projectId != call.id(0) ? null : co;
    }

    private Reply show(SimCall call) {
        ChangeOrder co = find(call);
        return co == null ? notFound("Change order") : SimReplies.json(200, json(co));
    }

    private Reply create(SimCall call) {
        Company c = call.company();
        long project = call.id(0);
        JsonNode f = call.body().path("change_order");
        long contract = f.path("contract_id").asLong(-1);
        PrimeContract pc = c.primeContracts.get(contract);
        if (pc == null || pc.projectId != project) {
            return invalid(Map.of("contract_id", "must be a prime contract of the project"));
        }
        String status = f.path("status").asText("draft");
        if (!STATUSES.contains(status)) {
            return invalid(Map.of("status", "is not included in the list"));
        }
        ChangeOrderPackage pkg = newPackage(state, c, project, contract, SimFields.text(f, "title"), status, call.now());
        ChangeOrder co = new ChangeOrder();
        co.id = state.nextChangeOrderId++;
        co.projectId = project;
        co.contractId = contract;
        co.packageId = pkg.id;
        co.number = f.path("number").asText(Long.toString(co.id));
        co.title = SimFields.text(f, "title");
        co.status = status;
        co.createdAt = co.updatedAt = call.now();
        c.changeOrders.put(co.id, co);
        call.changed(RESOURCE, "create", pkg.id, co.projectId, co.contractId);
        return SimReplies.json(201, json(co));
    }

    private Reply update(SimCall call) {
        ChangeOrder co = find(call);
        if (co == null) {
            return notFound("Change order");
        }
        JsonNode f = call.body().path("change_order");
        if (f.has("status")) {
            String status = f.path("status").asText();
            if (!STATUSES.contains(status)) {
                return invalid(Map.of("status", "is not included in the list"));
            }
            co.status = status;
        }
        if (f.has("title")) {
            co.title = SimFields.text(f, "title");
        }
        co.updatedAt = call.now();
        ChangeOrderPackage pkg = call.company().packages.get(co.packageId);
        if (pkg != null) {
            pkg.status = co.status;
            pkg.title = co.title;
            pkg.updatedAt = co.updatedAt;
        }
        call.changed(RESOURCE, "update", co.packageId, co.projectId, co.contractId);
        return SimReplies.json(200, json(co));
    }

    /** A new change order package of a project's prime contract. */
    static ChangeOrderPackage newPackage(SimState state, Company c, long project, long contract, String title,
            String status, String now) {
        ChangeOrderPackage pkg = new ChangeOrderPackage();
        pkg.id = state.nextPackageId++;
        pkg.projectId = project;
        pkg.contractId = contract;
        pkg.number = Long.toString(pkg.id);
        pkg.title = title;
        pkg.status = status;
        pkg.createdAt = pkg.updatedAt = now;
        c.packages.put(pkg.id, pkg);
        return pkg;
    }

    private Reply packages(SimCall call) {
        Company c = call.company();
        Long project = SimProjects.fromQuery(c, call.query());
        if (project == null) {
            return SimProjects.missing(call.query());
        }
        String contract = call.query().get("contract_id");
        List<ChangeOrderPackage> found = c.packages.values().stream().filter(p -> p.projectId == project)
                .filter(p -> contract == null || Long.toString(p.contractId).equals(contract)).toList();
        return pages.page(new ArrayList<>(found), call, SimChangeOrders::json);
    }

    private Reply showPackage(SimCall call) {
        Company c = call.company();
        Long project = SimProjects.fromQuery(c, call.query());
        ChangeOrderPackage pkg = c.packages.get(call.id(0));
        return pkg == null || project == null || pkg.projectId != project ? notFound("Change order package")
                : SimReplies.json(200, json(pkg));
    }

    static ObjectNode json(ChangeOrderPackage p) {
        ObjectNode o = Json.object();
        o.put("id", p.id);
        o.put("number", p.number);
        o.put("title", p.title);
        o.put("status", p.status);
        o.put("contract_id", p.contractId);
        o.put("executed", "approved".equals(p.status));
        o.put("created_at", p.createdAt);
        o.put("updated_at", p.updatedAt);
        return o;
    }

    private static ObjectNode json(ChangeOrder co) {
        ObjectNode o = Json.object();
        o.put("id", co.id);
        o.put("number", co.number);
        o.put("title", co.title);
        o.put("status", co.status);
        o.put("contract_id", co.contractId);
        o.put("project_id", co.projectId);
        o.put("legacy_package_id", co.packageId);
        o.put("created_at", co.createdAt);
        o.put("updated_at", co.updatedAt);
        return o;
    }
}
