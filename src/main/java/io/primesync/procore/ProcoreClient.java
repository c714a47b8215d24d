package io.primesync.procore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.procore.ProcoreRecords.Line;
import io.primesync.procore.ProcoreRecords.PrimeContract;
import io.primesync.procore.ProcoreRecords.PrimeContractFields;
import io.primesync.procore.ProcoreRecords.Project;
import io.primesync.procore.ProcoreRecords.RecordError;
import io.primesync.procore.ProcoreRecords.SyncOutcome;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The part of Procore's REST API the product uses, and the only place that knows its wire format: projects, prime
 * contracts and their line items (list, show, create, update, the sync action, delete). Every call goes through
 * {@link ProcoreHttp}; every refusal comes back as a {@link ProcoreException.Refused} whose message says, in words,
 * what Procore refused and how to fix it.
 */
public final class ProcoreClient implements ProcoreContracts, ProcoreReader {
    private static final int MAX_SHOWN = 300;

    private final ProcoreHttp http;

    public ProcoreClient(ProcoreConfig config, Clock clock, CallListener listener) {
        this(new ProcoreHttp(config, clock, listener, Thread::sleep));
    }

    ProcoreClient(ProcoreHttp http) {
        this.http = http;
    }

    public ProcoreConfig config() {
        return http.config();
    }

    @Override
    public int syncBatchSize() {
        return config().syncBatchSize();
    }

    // ---------------------------------------------------------------- projects

    @Override
    public Optional<Project> project(String companyId, String projectId) {
        ProcoreHttp.Answer a = http.call(companyId, "GET", "GET /projects/{id}",
                "/rest/v1.0/projects/" + projectId + ProcoreHttp.query("company_id", companyId), null, true);
        if (a.status() == 404) {
            return Optional.empty();
        }
        expectOk(a, "read project " + projectId, projectId);
        return Optional.of(project(a.json()));
    }

    @Override
    public List<Project> projects(String companyId) {
        return pages(companyId, "GET /projects", page -> "/rest/v1.0/projects"
                + ProcoreHttp.query("company_id", companyId, "page", page, "per_page", perPage()), null, ProcoreClient::project);
    }

    // ---------------------------------------------------------------- prime contracts

    @Override
    public List<PrimeContract> primeContracts(String companyId, String projectId) {
        return pages(companyId, "GET /prime_contracts", page -> "/rest/v1.0/prime_contracts"
                        + ProcoreHttp.query("project_id", projectId, "page", page, "per_page", perPage()), projectId,
                json -> primeContract(json, projectId));
    }

    @Override
    public Optional<PrimeContract> primeContract(String companyId, String projectId, String id) {
        ProcoreHttp.Answer a = http.call(companyId, "GET", "GET /prime_contract/{id}",
                "/rest/v1.0/prime_contract/" + id + ProcoreHttp.query("project_id", projectId), null, true);
        if (a.status() == 404) {
            return Optional.empty();
        }
        expectOk(a, "read the prime contract " + id, projectId);
        return Optional.of(primeContract(a.json(), projectId));
    }

    /** Not repeatable: a caller that gets no answer looks the contract up by its origin id before trying again. */
    @Override
    public PrimeContract createPrimeContract(String companyId, String projectId, PrimeContractFields fields) {
        ObjectNode body = Json.object();
        body.put("project_id", number(projectId));
        body.set("prime_contract", fields(fields));
        ProcoreHttp.Answer a = http.call(companyId, "POST", "POST /prime_contract", "/rest/v1.0/prime_contract", body, false);
        expectOk(a, "create the prime contract " + fields.originId(), projectId);
        return primeContract(a.json(), projectId);
    }

    @Override
    public PrimeContract updatePrimeContract(String companyId, String projectId, String id, PrimeContractFields fields) {
        ObjectNode body = Json.object();
        body.set("prime_contract", fields(fields));
        ProcoreHttp.Answer a = http.call(companyId, "PATCH", "PATCH /prime_contract/{id}",
                "/rest/v1.0/prime_contract/" + id + ProcoreHttp.query("project_id", projectId), body, true);
        expectOk(a, "update the prime contract " + fields.originId(), projectId);
        return primeContract(a.json(), projectId);
    }

    // ---------------------------------------------------------------- line items

    @Override
    public List<Line> lineItems(String companyId, String projectId, String primeContractId) {
        return pages(companyId, "GET /prime_contracts/{id}/line_items", page -> "/rest/v1.0/prime_contracts/"
                        + primeContractId + "/line_items"
                        + ProcoreHttp.query("project_id", projectId, "page", page, "per_page", perPage()), projectId,
                ProcoreClient::line);
    }

    /**
     * The sync action: each record is created or updated by its origin id. Procore answers 200 whatever happened to
     * each record; the records it refused are in {@link SyncOutcome#errors()}, and are not written.
     */
    @Override
    public SyncOutcome syncLineItems(String companyId, String projectId, String primeContractId, List<Line> updates) {
        if (updates.size() > config().syncBatchSize()) {
            throw new IllegalArgumentException("at most " + config().syncBatchSize() + " records per sync call");
        }
        ObjectNode body = Json.object();
        ArrayNode records = body.putArray("updates");
        for (Line line : updates) {
            records.add(line(line));
        }
        ProcoreHttp.Answer a = http.call(companyId, "PATCH", "PATCH /prime_contracts/{id}/line_items/sync",
                "/rest/v1.0/prime_contracts/" + primeContractId + "/line_items/sync"
                        + ProcoreHttp.query("project_id", projectId), body, true);
        expectOk(a, "write line items of prime contract " + primeContractId, projectId);
        JsonNode json = a.json();
        List<Line> entities = new ArrayList<>();
        json.path("entities").forEach(e -> entities.add(line(e)));
        List<RecordError> errors = new ArrayList<>();
        json.path("errors").forEach(e -> errors.add(new RecordError(e.path("origin_id").asText(null), reasons(e.path("errors")))));
        return new SyncOutcome(entities, errors);
    }

    /** Removes a line; one already gone counts as removed. */
    @Override
    public void deleteLineItem(String companyId, String projectId, String primeContractId, String lineId) {
        ProcoreHttp.Answer a = http.call(companyId, "DELETE", "DELETE /prime_contracts/{id}/line_items/{id}",
                "/rest/v1.0/prime_contracts/" + primeContractId + "/line_items/" + lineId
                        + ProcoreHttp.query("project_id", projectId), null, true);
        if (a.status() == 404) {
            return;
        }
        expectOk(a, "remove line item " + lineId + " of prime contract " + primeContractId, projectId);
    }

    // ---------------------------------------------------------------- change orders

    @Override
    public List<ProcoreRecords.ChangeOrder> changeOrders(String companyId, String projectId) {
        return pages(companyId, "GET /projects/{id}/prime_change_orders", page -> "/rest/v1.0/projects/"
                        + number(projectId) + "/prime_change_orders" + ProcoreHttp.query("page", page, "per_page", perPage()),
                projectId, j -> changeOrder(j, projectId));
    }

    @Override
    public Optional<ProcoreRecords.ChangeOrder> changeOrder(String companyId, String projectId, String id) {
        ProcoreHttp.Answer a = http.call(companyId, "GET", "GET /projects/{id}/prime_change_orders/{id}",
                "/rest/v1.0/projects/" + number(projectId) + "/prime_change_orders/" + number(id), null, true);
        if (a.status() == 404) {
            return Optional.empty();
        }
        expectOk(a, "read change order " + id, projectId);
        return Optional.of(changeOrder(a.json(), projectId));
    }

    private static ProcoreRecords.ChangeOrder changeOrder(JsonNode j, String projectId) {
        String project = text(j, "project_id");
        return new ProcoreRecords.ChangeOrder(text(j, "id"), project == null ? projectId : project,
                text(j, "contract_id"), text(j, "number"), text(j, "status"), text(j, "title"));
    }

    // ---------------------------------------------------------------- webhooks

    public List<ProcoreRecords.Hook> hooks(String companyId, String namespace) {
        return pages(companyId, "GET /webhooks/hooks", page -> "/rest/v1.0/webhooks/hooks"
                + ProcoreHttp.query("company_id", companyId, "namespace", namespace, "page", page, "per_page", perPage()),
                null, ProcoreClient::hook);
    }

    /** Not repeatable: a caller that gets no answer lists the hooks before trying again. */
    public ProcoreRecords.Hook createHook(String companyId, String namespace, String destinationUrl,
            Map<String, String> headers, String apiVersion) {
        ObjectNode body = Json.object();
        body.put("company_id", number(companyId));
        body.set("hook", hookFields(namespace, destinationUrl, headers, apiVersion));
        ProcoreHttp.Answer a = http.call(companyId, "POST", "POST /webhooks/hooks", "/rest/v1.0/webhooks/hooks", body, false);
        expectOk(a, "create the webhook of " + namespace, null);
        return hook(a.json());
    }

    public ProcoreRecords.Hook updateHook(String companyId, String hookId, String namespace, String destinationUrl,
            Map<String, String> headers, String apiVersion) {
        ObjectNode body = Json.object();
        body.put("company_id", number(companyId));
        body.set("hook", hookFields(namespace, destinationUrl, headers, apiVersion));
        ProcoreHttp.Answer a = http.call(companyId, "PATCH", "PATCH /webhooks/hooks/{id}", "/rest/v1.0/webhooks/hooks/"
                + number(hookId) + ProcoreHttp.query("company_id", companyId), body, true);
        expectOk(a, "update webhook " + hookId, null);
        return hook(a.json());
    }

    public List<ProcoreRecords.Trigger> triggers(String companyId, String hookId) {
        return pages(companyId, "GET /webhooks/hooks/{id}/triggers", page -> "/rest/v1.0/webhooks/hooks/" + number(hookId)
                        + "/triggers" + ProcoreHttp.query("company_id", companyId, "page", page, "per_page", perPage()),
                null, j -> new ProcoreRecords.Trigger(text(j, "id"), text(j, "resource_name"), text(j, "event_type")));
    }

    public void createTrigger(String companyId, String hookId, String resourceName, String eventType) {
        ObjectNode body = Json.object();
        body.put("company_id", number(companyId));
        body.putObject("trigger").put("resource_name", resourceName).put("event_type", eventType);
        ProcoreHttp.Answer a = http.call(companyId, "POST", "POST /webhooks/hooks/{id}/triggers", "/rest/v1.0/webhooks/hooks/"
                + number(hookId) + "/triggers", body, false);
        expectOk(a, "add the trigger " + resourceName + " " + eventType + " to webhook " + hookId, null);
    }

    public List<ProcoreRecords.Delivery> deliveries(String companyId, String hookId) {
        return pages(companyId, "GET /webhooks/hooks/{id}/deliveries", page -> "/rest/v1.0/webhooks/hooks/"
                        + number(hookId) + "/deliveries" + ProcoreHttp.query("company_id", companyId, "page", page,
                        "per_page", perPage()), null,
                j -> {
                    JsonNode e = j.path("event");
                    return new ProcoreRecords.Delivery(text(j, "id"), text(j, "status"), j.path("attempts").asInt(),
                            j.path("response_status").asInt(), text(e, "resource_name"), text(e, "event_type"),
                            text(e, "resource_id"));
                });
    }

    private static ObjectNode hookFields(String namespace, String destinationUrl, Map<String, String> headers,
            String apiVersion) {
        ObjectNode hook = Json.object();
        hook.put("api_version", apiVersion);
        hook.put("namespace", namespace);
        hook.put("destination_url", destinationUrl);
        ObjectNode h = hook.putObject("destination_headers");
        headers.forEach(h::put);
        return hook;
    }

    private static ProcoreRecords.Hook hook(JsonNode j) {
        return new ProcoreRecords.Hook(text(j, "id"), text(j, "namespace"), text(j, "destination_url"),
                text(j, "api_version"));
    }

    // ---------------------------------------------------------------- wire format

    private String perPage() {
        return Integer.toString(config().pageSize());
    }

    /** Every page of a list, until a page is short (or the {@code Total} header is reached). */
    private <T> List<T> pages(String companyId, String route, Function<String, String> path, String projectId,
            Function<JsonNode, T> map) {
        List<T> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            ProcoreHttp.Answer a = http.call(companyId, "GET", route, path.apply(Integer.toString(page)), null, true);
            expectOk(a, "list " + route.substring(route.indexOf('/') + 1), projectId);
            JsonNode items = a.json();
            if (!items.isArray()) {
                throw new ProcoreException.Unavailable("Procore answered a list that is not a list: " + route, null);
            }
            items.forEach(item -> all.add(map.apply(item)));
            long total = a.headers().firstValueAsLong("Total").orElse(-1);
            if (items.size() < config().pageSize() || total >= 0 && all.size() >= total || items.isEmpty()) {
                return all;
            }
        }
    }

    private static Project project(JsonNode j) {
        return new Project(text(j, "id"), text(j, "name"), text(j, "origin_id"), text(j, "project_number"));
    }

    private static PrimeContract primeContract(JsonNode j, String projectId) {
        String project = text(j, "project_id");
        return new PrimeContract(text(j, "id"), project == null ? projectId : project, text(j, "origin_id"),
                text(j, "title"), text(j, "number"), text(j, "status"), text(j, "accounting_method"),
                decimal(j, "retainage_percent"));
    }

    private static ObjectNode fields(PrimeContractFields f) {
        ObjectNode o = Json.object();
        o.put("origin_id", f.originId());
        o.put("title", f.title());
        o.put("number", f.number());
        o.put("status", f.status());
        o.put("accounting_method", f.accountingMethod());
        if (f.retainagePercent() != null) {
            o.put("retainage_percent", f.retainagePercent().toPlainString());
        }
        return o;
    }

    static Line line(JsonNode j) {
        return new Line(text(j, "id"), text(j, "origin_id"), text(j, "description"), decimal(j, "amount"),
                decimal(j, "quantity"), decimal(j, "unit_cost"), text(j, "uom"));
    }

    /** A line as the sync action takes it: money and quantities as strings, the extended type said. */
    static ObjectNode line(Line l) {
        ObjectNode o = Json.object();
        if (l.id() != null) {
            o.put("id", number(l.id()));
        }
        o.put("origin_id", l.originId());
        o.put("description", l.description());
        o.put("amount", l.amount().toPlainString());
        if (l.quantity() != null) {
            o.put("quantity", l.quantity().toPlainString());
            o.put("unit_cost", l.unitCost().toPlainString());
            o.put("uom", l.uom());
            o.put("extended_type", "calculated");
        } else {
            // said, not left out: a line that was priced by unit and no longer is must lose its unit fields
            o.putNull("quantity");
            o.putNull("unit_cost");
            o.putNull("uom");
            o.put("extended_type", "manual");
        }
        return o;
    }

    /** Procore's ids are integers on the wire. */
    private static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a Procore id is a number, not " + id);
        }
    }

    private static String text(JsonNode j, String field) {
        JsonNode v = j.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static BigDecimal decimal(JsonNode j, String field) {
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

    /** A 2xx, or a refusal in words. */
    private static void expectOk(ProcoreHttp.Answer a, String what, String projectId) {
        if (a.status() >= 200 && a.status() < 300) {
            return;
        }
        String where = projectId == null ? "" : " in project " + projectId;
        String said = said(a);
        switch (a.status()) {
            case 401 -> throw new ProcoreException.Refused(401, "PROCORE_CREDENTIALS_REFUSED",
                    "Procore refused the service account's token when asked to " + what + where + ". Check that the"
                            + " service account is still installed in the company and its credentials are current.");
            case 403 -> throw new ProcoreException.Refused(403, "PROCORE_PERMISSION_DENIED",
                    "The service account may not " + what + where + ". In Procore, give it Admin on the Prime"
                            + " Contracts tool" + where + said);
            case 404 -> throw new ProcoreException.Refused(404, "PROCORE_NOT_FOUND",
                    "Procore has no such record: it could not " + what + where + " (it may have been deleted there)" + said);
            case 413 -> throw new ProcoreException.Refused(413, "PROCORE_TOO_LARGE",
                    "Procore found the request to " + what + " too large; lower " + ProcoreConfig.SYNC_BATCH_SIZE + said);
            default -> throw new ProcoreException.Refused(a.status(), "PROCORE_REFUSED",
                    "Procore refused to " + what + where + " (" + a.status() + ")" + said);
        }
    }

    /** What Procore said, cut short and stripped of anything that is not plain text; empty when it said nothing. */
    private static String said(ProcoreHttp.Answer a) {
        try {
            JsonNode json = a.json();
            String reasons = reasons(json.has("errors") ? json.get("errors") : json.has("error") ? json.get("error")
                    : json.path("message"));
            return reasons.isEmpty() ? "." : ": " + reasons + ".";
        } catch (Json.MalformedJsonException | IllegalArgumentException e) {
            return ".";
        }
    }

    /** Procore's reasons, which come as a string, a list, or a map of field to messages, as one sentence. */
    static String reasons(JsonNode errors) {
        List<String> parts = new ArrayList<>();
        if (errors == null || errors.isMissingNode() || errors.isNull()) {
            return "";
        }
        if (errors.isTextual()) {
            parts.add(errors.asText());
        } else if (errors.isArray()) {
            errors.forEach(e -> parts.add(e.isTextual() ? e.asText() : e.toString()));
        } else if (errors.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = errors.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String messages = reasons(e.getValue());
                parts.add(e.getKey() + " " + messages);
            }
        }
        String text = String.join("; ", parts).replaceAll("[\\p{Cntrl}]", " ").strip();
        return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
    }
}
