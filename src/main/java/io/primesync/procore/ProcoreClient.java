package io.primesync.procore;

import static io.primesync.procore.ProcoreAnswers.expectOk;
import static io.primesync.procore.ProcoreAnswers.reasons;
import static io.primesync.procore.ProcoreWire.fields;
import static io.primesync.procore.ProcoreWire.hook;
import static io.primesync.procore.ProcoreWire.hookFields;
import static io.primesync.procore.ProcoreWire.line;
import static io.primesync.procore.ProcoreWire.number;
import static io.primesync.procore.ProcoreWire.text;

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
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The part of Procore's REST API the product uses, and the only place that knows its wire format: projects, prime
 * contracts and their line items (list, show, create, update, the sync action, delete). Every call goes through
 * {@link ProcoreHttp}; every refusal comes back as a {@link ProcoreException.Refused} whose message says, in words,
 * what Procore refused and how to fix it.
 */
public final class ProcoreClient implements ProcoreContracts, ProcoreReader {
    private final ProcoreHttp http;

    public ProcoreClient(ProcoreConfig config, Clock clock, CallListener listener) {
        this(new ProcoreHttp(config, clock, listener, Thread::sleep));
    }

    /** How a client waits out a rate limit: the thread's sleep, or a clock of its own moved on instead. */
    public interface Waits {
        void sleep(long millis) throws InterruptedException;
    }

    /** A client that waits as it is told, on the clock it is given (a simulated hour passes in no time). */
    public ProcoreClient(ProcoreConfig config, Clock clock, CallListener listener, Waits waits) {
        this(new ProcoreHttp(config, clock, listener, waits::sleep));
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
        return Optional.of(ProcoreWire.project(a.json()));
    }

    @Override
    public List<Project> projects(String companyId) {
        // Procore lists active projects unless asked: an inactive project is still the job's
        return pages(companyId, "GET /projects", page -> "/rest/v1.0/projects" + ProcoreHttp.query("company_id", companyId,
                "filters[by_status]", "All", "page", page, "per_page", perPage("GET /projects")), null, ProcoreWire::project);
    }

    @Override
    public List<Project> projectsUpdated(String companyId, Instant from, Instant to) {
        String range = ProcoreWire.range(from, to);
        return pages(companyId, "GET /projects", page -> "/rest/v1.0/projects" + ProcoreHttp.query("company_id", companyId,
                "filters[by_status]", "All", "filters[updated_at]", range, "page", page, "per_page",
                perPage("GET /projects")), null, ProcoreWire::project);
    }

    @Override
    public ProcoreRecords.RateBudget budget(String companyId) {
        return http.budget(companyId);
    }

    // ---------------------------------------------------------------- prime contracts

    @Override
    public List<PrimeContract> primeContracts(String companyId, String projectId) {
        return pages(companyId, "GET /prime_contracts", page -> "/rest/v1.0/prime_contracts"
                        + ProcoreHttp.query("project_id", projectId, "page", page, "per_page", perPage("GET /prime_contracts")), projectId,
                json -> ProcoreWire.primeContract(json, projectId));
    }

    @Override
    public Optional<PrimeContract> primeContract(String companyId, String projectId, String id) {
        ProcoreHttp.Answer a = http.call(companyId, "GET", "GET /prime_contract/{id}",
                "/rest/v1.0/prime_contract/" + id + ProcoreHttp.query("project_id", projectId), null, true);
        if (a.status() == 404) {
            return Optional.empty();
        }
        expectOk(a, "read the prime contract " + id, projectId);
        return Optional.of(ProcoreWire.primeContract(a.json(), projectId));
    }

    /** Not repeatable: a caller that gets no answer looks the contract up by its origin id before trying again. */
    @Override
    public PrimeContract createPrimeContract(String companyId, String projectId, PrimeContractFields fields) {
        ObjectNode body = Json.object();
        body.put("project_id", number(projectId));
        body.set("prime_contract", fields(fields));
        ProcoreHttp.Answer a = http.call(companyId, "POST", "POST /prime_contract", "/rest/v1.0/prime_contract", body, false);
        expectOk(a, "create the prime contract " + fields.originId(), projectId);
        return ProcoreWire.primeContract(a.json(), projectId);
    }

    @Override
    public PrimeContract updatePrimeContract(String companyId, String projectId, String id, PrimeContractFields fields) {
        // project_id is a required field of the body, as of the create
        ObjectNode body = Json.object();
        body.put("project_id", number(projectId));
        body.set("prime_contract", fields(fields));
        ProcoreHttp.Answer a = http.call(companyId, "PATCH", "PATCH /prime_contract/{id}",
                "/rest/v1.0/prime_contract/" + id, body, true);
        expectOk(a, "update the prime contract " + fields.originId(), projectId);
        return ProcoreWire.primeContract(a.json(), projectId);
    }

    // ---------------------------------------------------------------- line items

    @Override
    public List<Line> lineItems(String companyId, String projectId, String primeContractId) {
        return pages(companyId, "GET /prime_contracts/{id}/line_items", page -> "/rest/v1.0/prime_contracts/"
                        + primeContractId + "/line_items"
                        + ProcoreHttp.query("project_id", projectId, "page", page, "per_page", perPage("GET /prime_contracts/{id}/line_items")), projectId,
                ProcoreWire::line);
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
        json.path("errors").forEach(e -> errors.add(new RecordError(e.path("origin_id").asText(null),
                reasons(e.path("errors")), fieldsNamed(e.path("errors")))));
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

    /**
     * The project's prime change orders. Procore's prime change orders endpoint supports projects with a 1- or 2-tier
     * change order configuration only; on another (a 3-tier project) it refuses the request, and the project's change
     * order packages, which carry the prime contract and the status there, are read instead (and from then on, for
     * that project). A 403 or 404 is thrown: the caller cannot tell "none approved" then.
     */
    @Override
    public List<ProcoreRecords.ChangeOrder> changeOrders(String companyId, String projectId) {
        String key = companyId + "/" + projectId;
        if (!byPackages.contains(key)) {
            try {
                return pages(companyId, "GET /projects/{id}/prime_change_orders", page -> "/rest/v1.0/projects/"
                                + number(projectId) + "/prime_change_orders" + ProcoreHttp.query("page", page, "per_page",
                                perPage("GET /projects/{id}/prime_change_orders")),
                        projectId, j -> ProcoreWire.changeOrder(j, projectId));
            } catch (ProcoreException.Refused e) {
                if (e.status() != 400 && e.status() != 409 && e.status() != 422) {
                    throw e;
                }
                byPackages.add(key);
            }
        }
        return pages(companyId, "GET /change_order_packages", page -> "/rest/v1.0/change_order_packages"
                        + ProcoreHttp.query("project_id", projectId, "page", page, "per_page",
                        perPage("GET /change_order_packages")),
                projectId, j -> ProcoreWire.changeOrder(j, projectId));
    }

    /** The projects whose change orders are read through their packages (not a 1- or 2-tier configuration). */
    private final Set<String> byPackages = ConcurrentHashMap.newKeySet();

    @Override
    public Optional<ProcoreRecords.ChangeOrder> changeOrder(String companyId, String projectId, String id) {
        ProcoreHttp.Answer a = http.call(companyId, "GET", "GET /projects/{id}/prime_change_orders/{id}",
                "/rest/v1.0/projects/" + number(projectId) + "/prime_change_orders/" + number(id), null, true);
        if (a.status() == 404) {
            return Optional.empty();
        }
        expectOk(a, "read change order " + id, projectId);
        return Optional.of(ProcoreWire.changeOrder(a.json(), projectId));
    }

    // ---------------------------------------------------------------- webhooks (API v2.0)

    static final String HOOKS = "GET /v2.0/webhooks/hooks";
    static final String TRIGGERS = "GET /v2.0/webhooks/hooks/{id}/triggers";
    static final String DELIVERIES = "GET /v2.0/webhooks/hooks/{id}/deliveries";
    static final String RESOURCES = "GET /v2.0/webhooks/resources";

    /** The company's webhooks API: {@code /rest/v2.0/companies/{company_id}/webhooks}. */
    private static String webhooks(String companyId) {
        return "/rest/v2.0/companies/" + number(companyId) + "/webhooks";
    }

    /** A hook's own path; v2.0 ids are strings, taken only as Procore's characters. */
    private static String hookPath(String companyId, String hookId) {
        return webhooks(companyId) + "/hooks/" + ProcoreWire.stringId(hookId);
    }

    @Override
    public List<ProcoreRecords.Hook> hooks(String companyId, String namespace) {
        return pages(companyId, HOOKS, page -> webhooks(companyId) + "/hooks"
                + ProcoreHttp.query("namespace", namespace, "page", page, "per_page", perPage(HOOKS)), null, ProcoreWire::hook);
    }

    /** Not repeatable: a caller that gets no answer lists the hooks before trying again. */
    public ProcoreRecords.Hook createHook(String companyId, String namespace, String destinationUrl,
            Map<String, String> headers, String payloadVersion) {
        ProcoreHttp.Answer a = http.call(companyId, "POST", "POST /v2.0/webhooks/hooks", webhooks(companyId) + "/hooks",
                hookFields(namespace, destinationUrl, headers, payloadVersion), false);
        expectOk(a, "create the webhook of " + namespace, null);
        return hook(ProcoreWire.data(a.json()));
    }

    /**
     * Changes a hook: its destination and headers (written again whatever Procore shows of them: it masks the
     * {@code Authorization} header) and, when given, its status ({@code active} re-enables a disabled hook).
     */
    public ProcoreRecords.Hook updateHook(String companyId, String hookId, String namespace, String destinationUrl,
            Map<String, String> headers, String payloadVersion, String status) {
        ObjectNode body = hookFields(namespace, destinationUrl, headers, payloadVersion);
        if (status != null) {
            body.put("status", status);
        }
        ProcoreHttp.Answer a = http.call(companyId, "PATCH", "PATCH /v2.0/webhooks/hooks/{id}", hookPath(companyId, hookId),
                body, true);
        expectOk(a, "update webhook " + hookId, null);
        return hook(ProcoreWire.data(a.json()));
    }

    /** Sets a hook's status only ({@code active} or {@code disabled}). */
    @Override
    public ProcoreRecords.Hook setHookStatus(String companyId, String hookId, String status) {
        ObjectNode body = Json.object().put("status", status);
        ProcoreHttp.Answer a = http.call(companyId, "PATCH", "PATCH /v2.0/webhooks/hooks/{id}", hookPath(companyId, hookId),
                body, true);
        expectOk(a, "set webhook " + hookId + " " + status, null);
        return hook(ProcoreWire.data(a.json()));
    }

    @Override
    public List<ProcoreRecords.Trigger> triggers(String companyId, String hookId) {
        return pages(companyId, TRIGGERS, page -> hookPath(companyId, hookId) + "/triggers"
                        + ProcoreHttp.query("page", page, "per_page", perPage(TRIGGERS)), null,
                j -> new ProcoreRecords.Trigger(text(j, "id"), text(j, "resource_name"), text(j, "event_type")));
    }

    public void createTrigger(String companyId, String hookId, String resourceName, String eventType) {
        ObjectNode body = Json.object().put("resource_name", resourceName).put("event_type", eventType);
        ProcoreHttp.Answer a = http.call(companyId, "POST", "POST /v2.0/webhooks/hooks/{id}/triggers",
                hookPath(companyId, hookId) + "/triggers", body, false);
        expectOk(a, "add the trigger " + resourceName + " " + eventType + " to webhook " + hookId, null);
    }

    /** The resources a company's hooks may be triggered by, each with the event types it offers. */
    public List<ProcoreRecords.HookResource> hookResources(String companyId, String payloadVersion) {
        return pages(companyId, RESOURCES, page -> webhooks(companyId) + "/resources" + ProcoreHttp.query(
                "payload_version", payloadVersion, "page", page, "per_page", perPage(RESOURCES)), null, ProcoreWire::hookResource);
    }

    /**
     * A hook's deliveries, newest first as Procore lists them.
     *
     * @param status Procore's {@code filter[status]} ({@code failed}, {@code discarded}, {@code enqueued}, {@code
     *     retrying}, ...), or null for all
     */
    public List<ProcoreRecords.Delivery> deliveries(String companyId, String hookId, String status) {
        return deliveries(companyId, hookId, status == null ? Map.of() : Map.of("filter[status]", status));
    }

    @Override
    public List<ProcoreRecords.Delivery> deliveries(String companyId, String hookId, String status, LocalDate from) {
        return deliveries(companyId, hookId, Map.of("filter[status]", status, "filter[start]", from.toString()));
    }

    /** A hook's deliveries under Procore's filters ({@code filter[status]}, {@code filter[resource_name]}, ...). */
    private List<ProcoreRecords.Delivery> deliveries(String companyId, String hookId, Map<String, String> filters) {
        return pages(companyId, DELIVERIES, page -> {
            List<String> q = new ArrayList<>();
            new TreeMap<>(filters).forEach((k, v) -> {
                q.add(k);
                q.add(v);
            });
            q.addAll(List.of("page", page, "per_page", perPage(DELIVERIES)));
            return hookPath(companyId, hookId) + "/deliveries" + ProcoreHttp.query(q.toArray(String[]::new));
        }, null, ProcoreWire::delivery);
    }

    @Override
    public Set<String> deletions(String companyId, String hookId, String resourceName) {
        Set<String> ids = new TreeSet<>();
        for (ProcoreRecords.Delivery d : deliveries(companyId, hookId, Map.of("filter[resource_name]", resourceName,
                "filter[event_type]", "delete"))) {
            if (d.resourceId() != null && resourceName.equals(d.resourceName())) {
                ids.add(d.resourceId());
            }
        }
        return ids;
    }

    // ---------------------------------------------------------------- wire format

    /** {@code per_page} of a list: Procore caps pages per endpoint, so each may have its own. */
    private String perPage(String route) {
        if (route.startsWith("GET /v2.0/")) {
            // Procore's v2.0 lists take at most 100 a page
            return Integer.toString(config().pageSizes().getOrDefault(route, Math.min(100, config().pageSize(route))));
        }
        return Integer.toString(config().pageSize(route));
    }

    /**
     * Every page of a list, to its end as Procore says it: while {@code Link} names a {@code rel="next"} page, or
     * else until {@code Total} records were read. A short page is not the end (Procore caps pages per endpoint, below
     * what was asked); without either header, only an empty page is.
     */
    private <T> List<T> pages(String companyId, String route, Function<String, String> path, String projectId,
            Function<JsonNode, T> map) {
        List<T> all = new ArrayList<>();
        JsonNode previous = null;
        for (int page = 1; ; page++) {
            ProcoreHttp.Answer a = http.call(companyId, "GET", route, path.apply(Integer.toString(page)), null, true);
            expectOk(a, "list " + route.substring(route.indexOf('/') + 1), projectId);
            JsonNode items = ProcoreWire.data(a.json());
            if (!items.isArray()) {
                throw new ProcoreException.Unavailable("Procore answered a list that is not a list: " + route, null);
            }
            if (items.equals(previous)) {
                // an endpoint that takes no page (and says neither Link nor Total) answers the same page again
                return all;
            }
            items.forEach(item -> all.add(map.apply(item)));
            if (items.isEmpty() || !more(a.headers(), all.size())) {
                return all;
            }
            previous = items;
        }
    }

    /** Whether a list goes on after this page: its {@code Link} names a next page, or it has not reached its {@code Total}. */
    static boolean more(HttpHeaders headers, int read) {
        List<String> links = headers.allValues("Link");
        if (!links.isEmpty()) {
            return links.stream().flatMap(l -> Arrays.stream(l.split(",")))
                    .anyMatch(link -> NEXT.matcher(link).find());
        }
        long total = headers.firstValueAsLong("Total").orElse(-1);
        return total < 0 || read < total;
    }

    private static final Pattern NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?next\"?", Pattern.CASE_INSENSITIVE);

    /** The fields a record's errors name, when Procore gives them as a map of field to messages. */
    private static List<String> fieldsNamed(JsonNode errors) {
        List<String> fields = new ArrayList<>();
        if (errors.isObject()) {
            errors.fieldNames().forEachRemaining(fields::add);
        }
        return fields;
    }
}
