package io.primesync.procore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.procore.ProcoreRecords.Line;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.procore.ProcoreRecords.PrimeContractFields;
import io.primesync.procore.ProcoreRecords.Project;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Procore's records to and from their JSON: the field names, the integer ids, the decimals sent as strings. */
final class ProcoreWire {
    private ProcoreWire() {
    }

    static Project project(JsonNode j) {
        return new Project(text(j, "id"), text(j.path("company"), "id"), text(j, "name"), text(j, "origin_id"),
                text(j, "project_number"));
    }

    static PrimeContract primeContract(JsonNode j, String projectId) {
        String project = text(j, "project_id");
        JsonNode by = j.path("created_by");
        String createdBy = text(by, "name") != null ? text(by, "name") : text(by, "login");
        return new PrimeContract(text(j, "id"), project == null ? projectId : project, text(j, "origin_id"),
                text(j, "title"), text(j, "number"), text(j, "status"), text(j, "accounting_method"),
                decimal(j, "retainage_percent"), text(j, "origin_data"), createdBy, text(j, "deleted_at"));
    }

    static ObjectNode fields(PrimeContractFields f) {
        ObjectNode o = Json.object();
        o.put("origin_id", f.originId());
        o.put("origin_data", ProcoreRecords.ORIGIN_DATA);
        o.put("title", f.title());
        o.put("number", f.number());
        // a status or an accounting method left out stays as it is: both are changed only in their own step, around
        // Procore's locks
        if (f.status() != null) {
            o.put("status", f.status());
        }
        if (f.accountingMethod() != null) {
            o.put("accounting_method", f.accountingMethod());
        }
        if (f.retainagePercent() != null) {
            o.put("retainage_percent", f.retainagePercent().toPlainString());
        }
        return o;
    }

    static Line line(JsonNode j) {
        return new Line(text(j, "id"), text(j, "origin_id"), text(j, "description"), decimal(j, "amount"),
                decimal(j, "quantity"), decimal(j, "unit_cost"), text(j, "uom"), text(j, "updated_at"));
    }

    /** A line as the sync action takes it: money and quantities as strings, the extended type said. */
    static ObjectNode line(Line l) {
        ObjectNode o = Json.object();
        if (l.id() != null) {
            o.put("id", number(l.id()));
        }
        o.put("origin_id", l.originId());
        o.put("description", l.description());
        if (l.quantity() != null) {
            // Procore works a calculated line's amount out of its quantity and unit cost; the ERP's amount was held
            // to that product at the door
            o.put("quantity", l.quantity().toPlainString());
            o.put("unit_cost", l.unitCost().toPlainString());
            o.put("uom", l.uom());
            o.put("extended_type", "calculated");
        } else {
            // said, not left out: a line that was priced by unit and no longer is must lose its unit fields
            o.putNull("quantity");
            o.putNull("unit_cost");
            o.putNull("uom");
            o.put("amount", l.amount().toPlainString());
            o.put("extended_type", "manual");
        }
        return o;
    }

    /** Procore's ids are integers on the wire. */
    static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a Procore id is a number, not " + id);
        }
    }

    static String text(JsonNode j, String field) {
        JsonNode v = j.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static BigDecimal decimal(JsonNode j, String field) {
        String v = text(j, field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static ProcoreRecords.ChangeOrder changeOrder(JsonNode j, String projectId) {
        String project = text(j, "project_id");
        return new ProcoreRecords.ChangeOrder(text(j, "id"), project == null ? projectId : project,
                text(j, "contract_id"), text(j, "number"), text(j, "status"), text(j, "title"));
    }

    /** The body of a v2.0 hook's create or update. */
    static ObjectNode hookFields(String namespace, String destinationUrl, Map<String, String> headers,
            String payloadVersion) {
        ObjectNode hook = Json.object();
        hook.put("payload_version", payloadVersion);
        hook.put("namespace", namespace);
        hook.put("destination_url", destinationUrl);
        ObjectNode h = hook.putObject("destination_headers");
        headers.forEach(h::put);
        return hook;
    }

    /** What a v2.0 answer holds: the object or list under {@code data} (an answer without it is taken as it is). */
    static JsonNode data(JsonNode answer) {
        JsonNode data = answer.get("data");
        return answer.isObject() && data != null && (data.isArray() || data.isObject()) ? data : answer;
    }

    private static final java.util.regex.Pattern STRING_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** A v2.0 id (a string) to put in a path: only letters, digits, {@code -} and {@code _}. */
    static String stringId(String id) {
        if (id == null || !STRING_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a Procore webhooks id is letters and digits, not " + id);
        }
        return id;
    }

    static ProcoreRecords.Hook hook(JsonNode j) {
        return new ProcoreRecords.Hook(text(j, "id"), text(j, "namespace"), text(j, "destination_url"),
                text(j, "payload_version"), text(j, "status"));
    }

    /**
     * A webhooks resource and the event types it offers. Procore's description gives each action as an object
     * without naming its fields; an action is read as a string, or as an object's {@code name}, {@code event_type}
     * or {@code action}.
     */
    static ProcoreRecords.HookResource hookResource(JsonNode j) {
        List<String> actions = new ArrayList<>();
        j.path("actions").forEach(a -> {
            String name = a.isTextual() ? a.asText() : firstText(a, "name", "event_type", "action");
            if (name != null && !name.isBlank()) {
                actions.add(name.strip().toLowerCase(Locale.ROOT));
            }
        });
        return new ProcoreRecords.HookResource(text(j, "name"), List.copyOf(actions));
    }

    private static String firstText(JsonNode j, String... fields) {
        for (String f : fields) {
            if (j.path(f).isTextual()) {
                return j.path(f).asText();
            }
        }
        return null;
    }

    /** One of a hook's deliveries: its status and what its payload was about. */
    static ProcoreRecords.Delivery delivery(JsonNode j) {
        JsonNode payload = j.path("payload");
        return new ProcoreRecords.Delivery(text(j, "id"), text(j, "status"), j.path("delivery_attempts").size(),
                text(payload, "resource_name"), text(payload, "event_type"), text(payload, "resource_id"),
                payload.isObject() ? payload : null);
    }

    /** A range as Procore's {@code filters[..._at]} take it: {@code YYYY-MM-DDTHH:MM:SSZ...YYYY-MM-DDTHH:MM:SSZ}. */
    static String range(Instant from, Instant to) {
        return second(from) + "..." + second(to);
    }

    private static String second(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
