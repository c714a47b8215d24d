package io.primesync.local.procore;

import static io.primesync.local.procore.SimReplies.invalid;
import static io.primesync.local.procore.SimReplies.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimState.Company;
import io.primesync.local.procore.SimState.LineItem;
import io.primesync.local.procore.SimState.PrimeContract;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Procore's prime contracts (REST v1.0): a project's list ({@code /prime_contracts?project_id=P}), and one contract
 * under the singular {@code /prime_contract}: create (with {@code project_id} in the body), show, update and delete.
 * A contract's {@code origin_id} is unique in its company; its totals are its lines' sum.
 */
final class SimPrimeContracts {
    static final String RESOURCE = "Prime Contracts";
    private static final List<String> STATUSES = List.of("Draft", "Out For Bid", "Out For Signature", "Approved",
            "Complete", "Terminated");

    private final SimState state;
    private final SimPages pages;

    SimPrimeContracts(SimState state, SimPages pages) {
        this.state = state;
        this.pages = pages;
    }

    void routes(SimRoutes routes) {
        routes.add("GET", "/prime_contracts", this::list)
                .add("POST", "/prime_contract", this::create)
                .add("GET", "/prime_contract/{id}", this::show)
                .add("PATCH", "/prime_contract/{id}", this::update)
                .add("DELETE", "/prime_contract/{id}", this::delete);
    }

    /** The contract {@code id} of the project a call's {@code project_id} names, or null when it is not that one's. */
    static PrimeContract find(Company c, Map<String, String> q, long id) {
        Long project = SimProjects.fromQuery(c, q);
        PrimeContract pc = c.primeContracts.get(id);
        return pc == null || project == null || pc.projectId != project ? null : pc;
    }

    private Reply list(SimCall call) {
        Company c = call.company();
        Long project = SimProjects.fromQuery(c, call.query());
        if (project == null) {
            return SimProjects.missing(call.query());
        }
        List<PrimeContract> in = c.primeContracts.values().stream().filter(pc -> pc.projectId == project)
                .filter(pc -> SimGrants.visible(call, pc)).toList();
        return pages.page(new ArrayList<>(in), call, pc -> json(pc, false));
    }

    private Reply show(SimCall call) {
        PrimeContract pc = find(call.company(), call.query(), call.id(0));
        if (pc == null && state.showsDeletedPrimeContracts) {
            // deleted, and in the recycle bin: shown with its deleted_at
            PrimeContract deleted = call.company().deletedPrimeContracts.get(call.id(0));
            Long project = SimProjects.fromQuery(call.company(), call.query());
            pc = deleted != null && project != null && deleted.projectId == project ? deleted : null;
        }
        return pc == null ? notFound("Prime contract") : SimReplies.json(200, json(pc, true));
    }

    private Reply create(SimCall call) {
        Company c = call.company();
        long projectId = call.body().path("project_id").asLong(-1);
        if (!c.projects.containsKey(projectId)) {
            return notFound("Project");
        }
        JsonNode f = call.body().path("prime_contract");
        Map<String, String> errors = validate(c, f, null);
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        PrimeContract pc = new PrimeContract();
        pc.id = state.nextPrimeContractId++;
        pc.projectId = projectId;
        pc.createdAt = call.now();
        apply(pc, f, call.now());
        if (pc.status == null) {
            pc.status = "Draft";
        }
        if (pc.accountingMethod == null) {
            pc.accountingMethod = "amount";
        }
        c.primeContracts.put(pc.id, pc);
        call.changed(RESOURCE, "create", pc.id, pc.projectId, pc.id);
        return SimReplies.json(201, json(pc, true));
    }

    private Reply update(SimCall call) {
        // Procore's description makes project_id a required field of the body (not of the query) of an update
        JsonNode projectId = call.body().path("project_id");
        if (!projectId.canConvertToLong()) {
            return Reply.json(400, "{\"errors\":\"project_id is missing\"}");
        }
        PrimeContract pc = find(call.company(), Map.of("project_id", projectId.asText()), call.id(0));
        if (pc == null) {
            return notFound("Prime contract");
        }
        JsonNode f = call.body().path("prime_contract");
        Map<String, String> errors = validate(call.company(), f, pc);
        if (f.has("accounting_method") && !f.path("accounting_method").asText().equals(pc.accountingMethod)
                && !pc.lineItems.isEmpty()) {
            errors.put("accounting_method", "cannot be changed once the prime contract has line items");
        }
        if (SimSov.DRAFT.equals(f.path("status").asText(null)) && !SimSov.DRAFT.equals(pc.status) && !state.backToDraft) {
            errors.put("status", "cannot be changed back to Draft");
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        apply(pc, f, call.now());
        call.changed(RESOURCE, "update", pc.id, pc.projectId, pc.id);
        return SimReplies.json(200, json(pc, true));
    }

    private Reply delete(SimCall call) {
        PrimeContract pc = find(call.company(), call.query(), call.id(0));
        if (pc == null) {
            return notFound("Prime contract");
        }
        call.company().primeContracts.remove(pc.id);
        pc.deletedAt = call.now();
        call.company().deletedPrimeContracts.put(pc.id, pc);
        call.changed(RESOURCE, "delete", pc.id, pc.projectId, pc.id);
        return Reply.json(200, "{}");
    }

    /** The fields' errors, the company-unique {@code origin_id} included ({@code existing} may keep its own). */
    private static Map<String, String> validate(Company c, JsonNode f, PrimeContract existing) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (f.has("status") && !STATUSES.contains(f.path("status").asText())) {
            errors.put("status", "is not included in the list");
        }
        if (f.has("accounting_method") && !List.of("amount", "unit").contains(f.path("accounting_method").asText())) {
            errors.put("accounting_method", "is not included in the list");
        }
        if (f.has("retainage_percent") && !f.path("retainage_percent").isNull()
                && SimFields.decimal(f.path("retainage_percent")) == null) {
            errors.put("retainage_percent", "is not a number");
        }
        String origin = SimFields.text(f, "origin_id");
        if (origin != null && c.primeContracts.values().stream()
                .anyMatch(other -> other != existing && origin.equals(other.originId))) {
            errors.put("origin_id", "has already been taken");
        }
        return errors;
    }

    private static void apply(PrimeContract pc, JsonNode f, String now) {
        if (f.has("origin_id")) {
            pc.originId = SimFields.text(f, "origin_id");
        }
        if (f.has("origin_data")) {
            pc.originData = SimFields.text(f, "origin_data");
        }
        if (f.has("title")) {
            pc.title = SimFields.text(f, "title");
        }
        if (f.has("number")) {
            pc.number = SimFields.text(f, "number");
        }
        if (f.has("status")) {
            pc.status = f.path("status").asText();
        }
        if (f.has("accounting_method")) {
            pc.accountingMethod = f.path("accounting_method").asText();
        }
        if (f.has("retainage_percent")) {
            BigDecimal r = SimFields.decimal(f.path("retainage_percent"));
            pc.retainagePercent = r == null ? null : r.toPlainString();
        }
        pc.updatedAt = now;
    }

    private static ObjectNode json(PrimeContract pc, boolean withLines) {
        ObjectNode o = Json.object();
        o.put("id", pc.id);
        o.put("origin_id", pc.originId);
        o.put("origin_data", pc.originData);
        o.put("title", pc.title);
        o.put("number", pc.number);
        o.put("status", pc.status);
        o.put("accounting_method", pc.accountingMethod);
        o.put("retainage_percent", pc.retainagePercent);
        String total = total(pc);
        o.put("grand_total", total);
        if (withLines) {
            // one contract's answer; a list's items do not carry it
            o.put("revised_contract_amount", total);
        }
        o.put("created_at", pc.createdAt);
        o.put("updated_at", pc.updatedAt);
        o.put("deleted_at", pc.deletedAt);
        if (withLines) {
            ArrayNode lines = o.putArray("line_items");
            pc.lineItems.values().forEach(l -> lines.add(SimLineItems.json(l)));
        }
        return o;
    }

    private static String total(PrimeContract pc) {
        BigDecimal sum = BigDecimal.ZERO.setScale(2);
        for (LineItem l : pc.lineItems.values()) {
            sum = sum.add(new BigDecimal(l.amount));
        }
        return sum.toPlainString();
    }
}
