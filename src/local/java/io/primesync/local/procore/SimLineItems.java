package io.primesync.local.procore;

import static io.primesync.local.procore.SimReplies.invalid;
import static io.primesync.local.procore.SimReplies.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimState.LineItem;
import io.primesync.local.procore.SimState.PrimeContract;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A prime contract's line items, its schedule of values ({@code /prime_contracts/{pc}/line_items?project_id=P}):
 * list, show, create, update, delete, and the sync action, Procore's batch upsert by {@code id} or
 * {@code origin_id} that always answers 200 with each refused record in {@code errors}. Money and quantities are
 * strings; a {@code calculated} line's amount is Procore's own quantity × unit cost.
 */
final class SimLineItems {
    static final String RESOURCE = "Prime Contract Line Items";

    private final SimState state;
    private final SimPages pages;
    /** The most records one sync call takes (the control surface's {@code syncMaxRecords}); more is a 413. */
    private volatile int syncMaxRecords = 1000;

    SimLineItems(SimState state, SimPages pages) {
        this.state = state;
        this.pages = pages;
    }

    int syncMaxRecords() {
        return syncMaxRecords;
    }

    void syncMaxRecords(int syncMaxRecords) {
        this.syncMaxRecords = syncMaxRecords;
    }

    void routes(SimRoutes routes) {
        String lines = "/prime_contracts/{id}/line_items";
        routes.add("GET", lines, this::list)
                .add("POST", lines, c -> write(c, null, 201))
                .add("PATCH", lines + "/sync", this::sync)
                .add("GET", lines + "/{id}", this::show)
                .add("PATCH", lines + "/{id}", c -> write(c, c.id(1), 200))
                .add("DELETE", lines + "/{id}", this::delete);
    }

    private Reply list(SimCall call) {
        PrimeContract pc = SimPrimeContracts.find(call.company(), call.query(), call.id(0));
        if (pc == null) {
            return notFound("Prime contract");
        }
        return pages.page(new ArrayList<>(pc.lineItems.values()), call, SimLineItems::json);
    }

    private Reply show(SimCall call) {
        PrimeContract pc = SimPrimeContracts.find(call.company(), call.query(), call.id(0));
        LineItem line = pc == null ? null : pc.lineItems.get(call.id(1));
        return line == null ? notFound("Line item") : SimReplies.json(200, json(line));
    }

    /** Creates a line (for a null {@code id}) or updates line {@code id}, from the body or its {@code line_item}. */
    private Reply write(SimCall call, Long id, int status) {
        if (!call.body().path("project_id").canConvertToLong()) {
            // Procore's description requires it in the body of a line's create and update, besides the query
            return Reply.json(400, "{\"errors\":\"project_id is missing\"}");
        }
        PrimeContract pc = SimPrimeContracts.find(call.company(), call.query(), call.id(0));
        LineItem existing = null;
        if (id != null) {
            existing = pc == null ? null : pc.lineItems.get(id);
            if (existing == null) {
                return notFound("Line item");
            }
        } else if (pc == null) {
            return notFound("Prime contract");
        }
        JsonNode body = call.body();
        JsonNode record = body.has("line_item") ? body.path("line_item") : body;
        Map<String, String> errors = new LinkedHashMap<>();
        LineItem line = write(call, pc, existing, record, errors);
        return errors.isEmpty() ? SimReplies.json(status, json(line)) : invalid(errors);
    }

    private Reply delete(SimCall call) {
        PrimeContract pc = SimPrimeContracts.find(call.company(), call.query(), call.id(0));
        long id = call.id(1);
        if (pc == null || !pc.lineItems.containsKey(id)) {
            return notFound("Line item");
        }
        String locked = SimSov.deleteRefusal(call.company().projects.get(pc.projectId), pc);
        if (locked != null) {
            return invalid(Map.of("base", locked));
        }
        pc.lineItems.remove(id);
        pc.updatedAt = call.now();
        call.changed(RESOURCE, "delete", id, pc.projectId, pc.id);
        return Reply.json(200, "{}");
    }

    /**
     * The sync action: each record created or updated by {@code id} (which must exist) or {@code origin_id} (created
     * when unknown); always 200, with the records written in {@code entities} and each refused one, as sent, with its
     * reasons in {@code errors}.
     */
    private Reply sync(SimCall call) {
        PrimeContract pc = SimPrimeContracts.find(call.company(), call.query(), call.id(0));
        if (pc == null) {
            return notFound("Prime contract");
        }
        JsonNode updates = call.body().path("updates");
        if (!updates.isArray()) {
            return invalid(Map.of("updates", "must be an array"));
        }
        if (updates.size() > syncMaxRecords) {
            return Reply.json(413, "{\"errors\":\"At most " + syncMaxRecords + " records may be synced per request\"}");
        }
        ObjectNode out = Json.object();
        ArrayNode entities = out.putArray("entities");
        ArrayNode errors = out.putArray("errors");
        int refuse = call.takeRecordErrors();
        for (JsonNode record : updates) {
            Map<String, String> problems = new LinkedHashMap<>();
            if (refuse > 0) {
                refuse--;
                problems.put("base", "Line item could not be saved");
            }
            LineItem existing = null;
            if (record.hasNonNull("id")) {
                existing = pc.lineItems.get(record.path("id").asLong(-1));
                if (existing == null) {
                    problems.put("id", "Entity with this ID not found");
                }
            } else if (record.hasNonNull("origin_id")) {
                String origin = record.path("origin_id").asText();
                existing = pc.lineItems.values().stream().filter(l -> origin.equals(l.originId)).findFirst().orElse(null);
            }
            LineItem written = problems.isEmpty() ? write(call, pc, existing, record, problems) : null;
            if (problems.isEmpty()) {
                entities.add(json(written));
            } else {
                ObjectNode refused = record.isObject() ? ((ObjectNode) record).deepCopy() : Json.object();
                ObjectNode reasons = refused.putObject("errors");
                problems.forEach((field, message) -> reasons.putArray(field).add(message));
                errors.add(refused);
            }
        }
        return SimReplies.json(200, out);
    }

    /** Creates or updates one line from a record; adds to {@code errors} (and writes nothing) when it is invalid. */
    private LineItem write(SimCall call, PrimeContract pc, LineItem existing, JsonNode record, Map<String, String> errors) {
        if (!record.isObject()) {
            errors.put("base", "must be an object");
            return null;
        }
        String origin = record.has("origin_id") ? SimFields.text(record, "origin_id")
                : existing == null ? null : existing.originId;
        if (origin != null) {
            for (LineItem other : state.linesWithOrigin(call.company(), origin)) {
                if (other != existing) {
                    errors.put("origin_id", "has already been taken");
                }
            }
        }
        BigDecimal amount = record.has("amount") ? SimFields.decimal(record.path("amount")) : null;
        BigDecimal quantity = number(record, "quantity", errors);
        BigDecimal unitCost = number(record, "unit_cost", errors);
        String extended = record.has("extended_type") ? record.path("extended_type").asText()
                : existing == null ? "manual" : existing.extendedType;
        boolean worksItOut = "calculated".equals(extended) && quantity != null && unitCost != null;
        if (record.has("amount") && amount == null) {
            errors.put("amount", "is not a number");
        } else if (existing == null && !record.has("amount") && !worksItOut) {
            // a new line needs its amount, unless Procore works it out of its quantity and unit cost
            errors.put("amount", "can't be blank");
        }
        if (!List.of("manual", "calculated").contains(extended)) {
            errors.put("extended_type", "is not included in the list");
        }
        String uom = record.hasNonNull("uom") ? SimFields.text(record, "uom") : null;
        if (uom != null && !call.company().units.contains(uom)) {
            // Procore takes only the company's own units of measure (Company Admin)
            errors.put("uom", "is not included in the list");
        }
        if (!errors.isEmpty()) {
            return null;
        }
        // the amount the line would have, for the lock's "not below what was billed"
        String q = record.has("quantity") ? (quantity == null ? null : quantity.toPlainString())
                : existing == null ? null : existing.quantity;
        String u = record.has("unit_cost") ? (unitCost == null ? null : unitCost.toPlainString())
                : existing == null ? null : existing.unitCost;
        BigDecimal next = "calculated".equals(extended) && q != null && u != null ? calculated(q, u) : amount;
        String locked = SimSov.writeRefusal(call.company().projects.get(pc.projectId), pc, existing, next);
        if (locked != null) {
            errors.put("base", locked);
            return null;
        }
        LineItem line = existing;
        if (line == null) {
            line = new LineItem();
            line.id = state.nextLineItemId++;
            line.createdAt = call.now();
            pc.lineItems.put(line.id, line);
        }
        line.originId = origin;
        if (record.has("description")) {
            line.description = SimFields.text(record, "description");
        }
        if (record.has("quantity")) {
            line.quantity = quantity == null ? null : quantity.toPlainString();
        }
        if (record.has("unit_cost")) {
            line.unitCost = unitCost == null ? null : unitCost.toPlainString();
        }
        if (record.has("uom")) {
            line.uom = SimFields.text(record, "uom");
        }
        line.extendedType = extended;
        if ("calculated".equals(extended) && line.quantity != null && line.unitCost != null) {
            // Procore works a calculated line's amount out itself
            line.amount = calculated(line.quantity, line.unitCost).toPlainString();
        } else if (amount != null) {
            line.amount = amount.setScale(Math.max(2, amount.scale()), RoundingMode.UNNECESSARY).toPlainString();
        }
        line.updatedAt = call.now();
        pc.updatedAt = line.updatedAt;
        call.changed(RESOURCE, existing == null ? "create" : "update", line.id, pc.projectId, pc.id);
        return line;
    }

    /** A calculated line's amount: quantity × unit cost, to the cent. */
    private static BigDecimal calculated(String quantity, String unitCost) {
        return new BigDecimal(quantity).multiply(new BigDecimal(unitCost)).setScale(2, RoundingMode.HALF_UP);
    }

    /** A record's optional number field (null may be sent to clear it); an error when it is not a number. */
    private static BigDecimal number(JsonNode record, String field, Map<String, String> errors) {
        if (!record.has(field) || record.path(field).isNull()) {
            return null;
        }
        BigDecimal value = SimFields.decimal(record.path(field));
        if (value == null) {
            errors.put(field, "is not a number");
        }
        return value;
    }

    static ObjectNode json(LineItem l) {
        ObjectNode o = Json.object();
        o.put("id", l.id);
        o.put("origin_id", l.originId);
        o.put("description", l.description);
        o.put("amount", l.amount);
        o.put("quantity", l.quantity);
        o.put("unit_cost", l.unitCost);
        o.put("uom", l.uom);
        o.put("extended_type", l.extendedType);
        o.put("created_at", l.createdAt);
        o.put("updated_at", l.updatedAt);
        return o;
    }
}
