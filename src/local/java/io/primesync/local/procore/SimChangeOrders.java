package io.primesync.local.procore;

import static io.primesync.local.procore.SimReplies.invalid;
import static io.primesync.local.procore.SimReplies.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimState.ChangeOrder;
import io.primesync.local.procore.SimState.Company;
import io.primesync.local.procore.SimState.PrimeContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A project's prime contract change orders ({@code /projects/{P}/prime_change_orders}): list (with
 * {@code filters[contract_id]} and {@code filters[status]}), show, create and update, in Procore's statuses.
 */
final class SimChangeOrders {
    /** The resource name change-order events are delivered under (Procore's is unconfirmed; its listed example). */
    static final String RESOURCE = "Change Order Packages";
    private static final List<String> STATUSES = List.of("draft", "pricing", "not_pricing", "pending", "revised",
            "proceeding", "not_proceeding", "pending_billable", "no_charge", "approved", "rejected", "void");

    private final SimState state;
    private final SimPages pages;

    SimChangeOrders(SimState state, SimPages pages) {
        this.state = state;
        this.pages = pages;
    }

    void routes(SimRoutes routes) {
        String orders = "/projects/{id}/prime_change_orders";
        routes.add("GET", orders, this::list)
                .add("POST", orders, this::create)
                .add("GET", orders + "/{id}", this::show)
                .add("PATCH", orders + "/{id}", this::update);
    }

    private Reply list(SimCall call) {
        long project = call.id(0);
        if (!call.company().projects.containsKey(project)) {
            return notFound("Project");
        }
        String contract = call.query().get("filters[contract_id]");
        String status = call.query().get("filters[status]");
        List<ChangeOrder> found = call.company().changeOrders.values().stream().filter(co -> co.projectId == project)
                .filter(co -> contract == null || Long.toString(co.contractId).equals(contract))
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
        if (!c.projects.containsKey(project)) {
            return notFound("Project");
        }
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
        ChangeOrder co = new ChangeOrder();
        co.id = state.nextChangeOrderId++;
        co.projectId = project;
        co.contractId = contract;
        co.number = f.path("number").asText(Long.toString(co.id));
        co.title = SimFields.text(f, "title");
        co.status = status;
        co.createdAt = co.updatedAt = call.now();
        c.changeOrders.put(co.id, co);
        call.changed(RESOURCE, "create", co.id, co.projectId, co.contractId);
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
        call.changed(RESOURCE, "update", co.id, co.projectId, co.contractId);
        return SimReplies.json(200, json(co));
    }

    private static ObjectNode json(ChangeOrder co) {
        ObjectNode o = Json.object();
        o.put("id", co.id);
        o.put("number", co.number);
        o.put("title", co.title);
        o.put("status", co.status);
        o.put("contract_id", co.contractId);
        o.put("project_id", co.projectId);
        o.put("created_at", co.createdAt);
        o.put("updated_at", co.updatedAt);
        return o;
    }
}
