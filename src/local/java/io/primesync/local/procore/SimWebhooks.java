package io.primesync.local.procore;

import static io.primesync.local.procore.SimReplies.invalid;
import static io.primesync.local.procore.SimReplies.notFound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.primesync.json.Json;
import io.primesync.local.http.Reply;
import io.primesync.local.procore.SimState.Hook;
import io.primesync.local.procore.SimState.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Procore's webhooks API, v2.0 ({@code /rest/v2.0/companies/{company_id}/webhooks/...}): the resources a hook may be
 * triggered by, each with the actions it offers; a company's hooks (filtered by {@code namespace}) with their status;
 * each hook's triggers, limited to its resource's actions; and the deliveries it was sent, filtered by status. Answers
 * wrap their object or list in {@code data}, ids are strings, and the {@code Authorization} header comes back masked
 * to its last 5 characters. The deprecated v1.0 endpoints ({@code /rest/v1.0/webhooks/...}) still answer, each with a
 * {@code Deprecation} header. {@link SimHooks} sends the deliveries.
 */
final class SimWebhooks {
    /** The resources a trigger may name, each with the actions it offers: a project is never deleted. */
    static final Map<String, List<String>> RESOURCES = actions();

    private static Map<String, List<String>> actions() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(SimProjects.RESOURCE, List.of("create", "update"));
        m.put(SimPrimeContracts.RESOURCE, List.of("create", "update", "delete"));
        m.put(SimLineItems.RESOURCE, List.of("create", "update", "delete"));
        m.put(SimChangeOrders.RESOURCE, List.of("create", "update", "delete"));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The payload versions a hook may have (Procore's resource list names v2.0 to v4.0; its examples write v2). */
    private static final List<String> PAYLOAD_VERSIONS = List.of("v2.0", "v3.0", "v4.0", "v2", "v3", "v4");

    private final SimState state;
    private final SimPages pages;
    private final SimHooks hooks;

    SimWebhooks(SimState state, SimPages pages, SimHooks hooks) {
        this.state = state;
        this.pages = pages;
        this.hooks = hooks;
    }

    void routes(SimRoutes routes) {
        v2(routes);
        v1(routes);
    }

    private void v2(SimRoutes routes) {
        String base = "/v2.0/companies/{id}/webhooks";
        String hook = base + "/hooks/{id}";
        routes.add("GET", base + "/resources", this::resources)
                .add("GET", base + "/hooks", c -> pages.page(hooksOf(c), c, h -> jsonV2(c, h)))
                .add("POST", base + "/hooks", c -> create(c, c.body(), true))
                .add("GET", hook, c -> withHook(c, 1, h -> data(200, jsonV2(c, h))))
                .add("PATCH", hook, c -> withHook(c, 1, h -> update(c, h, c.body(), true)))
                .add("DELETE", hook, c -> withHook(c, 1, h -> {
                    c.company().hooks.remove(h.id);
                    return Reply.of(204, Map.of(), "");
                }))
                .add("GET", hook + "/deliveries", c -> withHook(c, 1, h -> deliveries(c, h)))
                .add("GET", hook + "/triggers", c -> withHook(c, 1, h -> pages.page(new ArrayList<>(h.triggers.values()),
                        c, t -> jsonV2(c, h, t))))
                .add("POST", hook + "/triggers", c -> withHook(c, 1, h -> createTrigger(c, h, c.body(), true)))
                .add("DELETE", hook + "/triggers/{id}", c -> withHook(c, 1, h -> h.triggers.remove(c.id(2)) == null
                        ? notFound("Trigger") : Reply.of(204, Map.of(), "")));
    }

    /** The deprecated v1.0 webhooks API (its bodies wrapped in {@code hook} and {@code trigger}, ids numbers). */
    private void v1(SimRoutes routes) {
        String hook = "/webhooks/hooks/{id}";
        routes.add("GET", "/webhooks/resources", c -> deprecated(SimReplies.json(200, resourcesV1())))
                .add("GET", "/webhooks/hooks", c -> deprecated(pages.page(hooksOf(c), c, SimWebhooks::json)))
                .add("POST", "/webhooks/hooks", c -> deprecated(create(c, c.body().path("hook"), false)))
                .add("GET", hook, c -> deprecated(withHook(c, 0, h -> SimReplies.json(200, json(h)))))
                .add("PATCH", hook, c -> deprecated(withHook(c, 0, h -> update(c, h, c.body().path("hook"), false))))
                .add("DELETE", hook, c -> deprecated(withHook(c, 0, h -> {
                    c.company().hooks.remove(h.id);
                    return Reply.json(200, "{}");
                })))
                .add("GET", hook + "/deliveries", c -> deprecated(withHook(c, 0, h -> pages.page(
                        hooks.deliveries(h.id), c, SimHooks.Delivery::json))))
                .add("GET", hook + "/triggers", c -> deprecated(withHook(c, 0, h -> pages.page(
                        new ArrayList<>(h.triggers.values()), c, SimWebhooks::json))))
                .add("POST", hook + "/triggers", c -> deprecated(withHook(c, 0, h -> createTrigger(c, h,
                        c.body().path("trigger"), false))))
                .add("DELETE", hook + "/triggers/{id}", c -> deprecated(withHook(c, 0, h -> h.triggers.remove(c.id(1)) == null
                        ? notFound("Trigger") : Reply.json(200, "{}"))));
    }

    private static Reply deprecated(Reply reply) {
        return SimReplies.withHeaders(reply, Map.of("Deprecation", "true"));
    }

    private static ArrayNode resourcesV1() {
        ArrayNode out = Json.MAPPER.createArrayNode();
        RESOURCES.forEach((name, actions) -> {
            ObjectNode r = out.addObject().put("api_version", "v2.0");
            r.put("name", name);
            ArrayNode except = r.putArray("except");
            for (String e : List.of("create", "update", "delete")) {
                if (!actions.contains(e)) {
                    except.add(e);
                }
            }
        });
        return out;
    }

    private Reply resources(SimCall call) {
        String version = call.query().get("payload_version");
        if (version == null || version.isBlank()) {
            return badRequest(Map.of("payload_version", "is required"));
        }
        List<Map.Entry<String, List<String>>> all = new ArrayList<>(RESOURCES.entrySet());
        return pages.page(all, call, e -> {
            ObjectNode r = Json.object();
            r.put("category", "Project Management");
            r.put("tool", e.getKey().startsWith("Projects") ? "Project" : "Prime Contracts");
            r.put("name", e.getKey());
            r.put("payload_version", version.startsWith("v") && !version.contains(".") ? version + ".0" : version);
            ArrayNode actions = r.putArray("actions");
            e.getValue().forEach(a -> actions.addObject().put("name", a));
            return r;
        });
    }

    /** The hook a call's path names (its {@code index}th id), to act on; a 404 when the company has none. */
    private static Reply withHook(SimCall call, int index, Function<Hook, Reply> action) {
        Hook h = call.company().hooks.get(call.id(index));
        return h == null ? notFound("Hook") : action.apply(h);
    }

    /** A hook's deliveries under its filters; {@code filter[start]} and {@code filter[end]} are days, both included. */
    private Reply deliveries(SimCall c, Hook h) {
        Map<String, String> q = c.query();
        SimFields.Range days = SimFields.Range.parse(q.containsKey("filter[start]") || q.containsKey("filter[end]")
                ? q.getOrDefault("filter[start]", "1970-01-01") + "..." + q.getOrDefault("filter[end]", "9999-12-31")
                : null);
        if (days == null) {
            return badRequest(Map.of("filter[start]", "filter[start] and filter[end] must be dates, yyyy-mm-dd"));
        }
        String status = q.get("filter[status]");
        String wanted = "succeeded".equals(status) ? "delivered" : status;
        String resource = q.get("filter[resource_name]");
        String event = q.get("filter[event_type]");
        List<SimHooks.Delivery> shown = hooks.deliveries(h.id).stream()
                .filter(d -> wanted == null || wanted.equals(d.status))
                .filter(d -> resource == null || resource.equals(d.body.path("resource_name").asText()))
                .filter(d -> event == null || event.equalsIgnoreCase(d.body.path("event_type").asText()))
                .filter(d -> days.holds(d.firstAttempt.toString()))
                .toList();
        return pages.page(shown, c, SimHooks.Delivery::jsonV2);
    }


    private static List<Hook> hooksOf(SimCall call) {
        String namespace = call.query().get("namespace");
        return call.company().hooks.values().stream()
                .filter(h -> namespace == null || namespace.equals(h.namespace)).toList();
    }

    private Reply create(SimCall call, JsonNode fields, boolean v2) {
        Hook h = new Hook();
        Map<String, String> errors = fields(h, fields, true, v2);
        if (!errors.isEmpty()) {
            return v2 ? badRequest(errors) : invalid(errors);
        }
        h.id = state.nextHookId++;
        h.createdAt = h.updatedAt = call.now();
        call.company().hooks.put(h.id, h);
        return v2 ? data(201, jsonV2(call, h)) : SimReplies.json(201, json(h));
    }

    private Reply update(SimCall call, Hook h, JsonNode fields, boolean v2) {
        boolean wasDisabled = h.disabled();
        Map<String, String> errors = fields(h, fields, false, v2);
        if (!errors.isEmpty()) {
            return v2 ? badRequest(errors) : invalid(errors);
        }
        if (wasDisabled && !h.disabled()) {
            hooks.enabled(h);
        }
        h.updatedAt = call.now();
        return v2 ? data(200, jsonV2(call, h)) : SimReplies.json(200, json(h));
    }

    /** Reads a hook's fields into it; the URL must be http(s), the payload version one Procore offers. */
    private static Map<String, String> fields(Hook h, JsonNode f, boolean creating, boolean v2) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (!f.isObject()) {
            errors.put(v2 ? "body" : "hook", "must be an object");
            return errors;
        }
        if (f.has("destination_url") || creating) {
            String url = SimFields.text(f, "destination_url");
            if (url == null || !url.matches("https?://[^\\s]+")) {
                errors.put("destination_url", "must be an http or https URL");
            } else {
                h.destinationUrl = url;
            }
        }
        String versionField = v2 ? "payload_version" : "api_version";
        if (f.has(versionField) || creating) {
            String version = v2 ? SimFields.text(f, versionField) : f.path(versionField).asText("v2.0");
            if (version == null || !PAYLOAD_VERSIONS.contains(version)) {
                errors.put(versionField, version == null ? "is required" : "is not included in the list");
            } else {
                h.apiVersion = version.contains(".") ? version : version + ".0";
            }
        }
        if (f.has("namespace") || creating) {
            h.namespace = SimFields.text(f, "namespace");
            if (v2 && (h.namespace == null || h.namespace.isBlank())) {
                errors.put("namespace", "is required");
            }
        }
        if (f.has("destination_headers")) {
            JsonNode headers = f.path("destination_headers");
            if (!headers.isObject()) {
                errors.put("destination_headers", "must be an object of header names to values");
            } else {
                Map<String, String> parsed = new LinkedHashMap<>();
                headers.fields().forEachRemaining(e -> parsed.put(e.getKey(), e.getValue().asText()));
                h.destinationHeaders = parsed;
            }
        }
        if (v2 && f.has("status")) {
            String status = SimFields.text(f, "status");
            if (!"active".equals(status) && !"disabled".equals(status)) {
                errors.put("status", "is not included in the list");
            } else {
                h.status = status;
            }
        }
        return errors;
    }

    private Reply createTrigger(SimCall call, Hook h, JsonNode f, boolean v2) {
        String resource = SimFields.text(f, "resource_name");
        String event = SimFields.text(f, "event_type");
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> offered = resource == null ? null : RESOURCES.get(resource);
        if (offered == null) {
            errors.put("resource_name", "is not included in the list");
        } else if (event == null || !offered.contains(event.toLowerCase(java.util.Locale.ROOT))) {
            // each resource offers its own actions: a project is never deleted, so Projects offers no delete
            errors.put("event_type", "is not included in the list");
        }
        String type = event == null ? null : event.toLowerCase(java.util.Locale.ROOT);
        if (errors.isEmpty() && h.triggers.values().stream()
                .anyMatch(t -> t.resourceName.equals(resource) && t.eventType.equals(type))) {
            errors.put("event_type", "has already been taken");
        }
        if (!errors.isEmpty()) {
            return v2 ? badRequest(errors) : invalid(errors);
        }
        Trigger t = new Trigger();
        t.id = state.nextTriggerId++;
        t.resourceName = resource;
        t.eventType = type;
        h.triggers.put(t.id, t);
        return v2 ? data(201, jsonV2(call, h, t)) : SimReplies.json(201, json(t));
    }

    private static Reply data(int status, JsonNode object) {
        ObjectNode o = Json.object();
        o.set("data", object);
        return SimReplies.json(status, o);
    }

    /** v2.0's 400: the fields and what is wrong with each. */
    private static Reply badRequest(Map<String, String> errors) {
        ObjectNode o = Json.object();
        ObjectNode e = o.putObject("error").put("code", "bad_request").put("message", "Invalid parameters")
                .putObject("details");
        errors.forEach((field, message) -> e.putArray(field).add(message));
        return SimReplies.json(400, o);
    }

    private static ObjectNode jsonV2(SimCall call, Hook h) {
        ObjectNode o = Json.object();
        o.put("id", Long.toString(h.id));
        o.put("status", h.status);
        o.put("payload_version", h.apiVersion);
        o.put("namespace", h.namespace);
        ObjectNode headers = o.putObject("destination_headers");
        h.destinationHeaders.forEach((name, value) -> headers.put(name, "Authorization".equalsIgnoreCase(name)
                ? masked(value) : value));
        o.put("destination_url", h.destinationUrl);
        o.put("trigger_count", h.triggers.size());
        o.put("company_id", Long.toString(call.company().id));
        o.put("created_at", h.createdAt);
        o.put("updated_at", h.updatedAt);
        return o;
    }

    /** Procore shows an {@code Authorization} header by its last 5 characters only. */
    static String masked(String value) {
        return value == null ? null : "*****" + value.substring(Math.max(0, value.length() - 5));
    }

    private static ObjectNode jsonV2(SimCall call, Hook h, Trigger t) {
        ObjectNode o = Json.object();
        o.put("id", Long.toString(t.id));
        o.put("webhook_hook_id", Long.toString(h.id));
        o.put("resource_name", t.resourceName);
        o.put("event_type", t.eventType);
        o.put("company_id", Long.toString(call.company().id));
        return o;
    }

    private static ObjectNode json(Hook h) {
        ObjectNode o = Json.object();
        o.put("id", h.id);
        o.put("api_version", h.apiVersion);
        o.put("namespace", h.namespace);
        o.put("destination_url", h.destinationUrl);
        ObjectNode headers = o.putObject("destination_headers");
        h.destinationHeaders.forEach(headers::put);
        o.put("created_at", h.createdAt);
        o.put("updated_at", h.updatedAt);
        return o;
    }

    private static ObjectNode json(Trigger t) {
        ObjectNode o = Json.object();
        o.put("id", t.id);
        o.put("resource_name", t.resourceName);
        o.put("event_type", t.eventType.toUpperCase(java.util.Locale.ROOT));
        return o;
    }
}
