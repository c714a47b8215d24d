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
 * Procore's webhooks API: the resources a hook may be triggered by, a company's hooks ({@code /webhooks/hooks},
 * filtered by {@code namespace}), each hook's triggers, and the deliveries it was sent. {@link SimHooks} sends the
 * deliveries.
 */
final class SimWebhooks {
    /** The resources a trigger may name: the ones whose changes the simulator delivers. */
    static final List<String> RESOURCES = List.of(SimProjects.RESOURCE, SimPrimeContracts.RESOURCE,
            SimLineItems.RESOURCE, SimChangeOrders.RESOURCE);

    private final SimState state;
    private final SimPages pages;
    private final SimHooks hooks;

    SimWebhooks(SimState state, SimPages pages, SimHooks hooks) {
        this.state = state;
        this.pages = pages;
        this.hooks = hooks;
    }

    void routes(SimRoutes routes) {
        String hook = "/webhooks/hooks/{id}";
        routes.add("GET", "/webhooks/resources", c -> {
                    ArrayNode out = Json.MAPPER.createArrayNode();
                    RESOURCES.forEach(name -> out.addObject().put("name", name));
                    return SimReplies.json(200, out);
                })
                .add("GET", "/webhooks/hooks", this::list)
                .add("POST", "/webhooks/hooks", this::create)
                .add("GET", hook, c -> withHook(c, h -> SimReplies.json(200, json(h))))
                .add("PATCH", hook, c -> withHook(c, h -> update(c, h)))
                .add("DELETE", hook, c -> withHook(c, h -> {
                    c.company().hooks.remove(h.id);
                    return Reply.json(200, "{}");
                }))
                .add("GET", hook + "/deliveries", c -> withHook(c, h -> pages.page(deliveries(h), c.query(),
                        n -> (ObjectNode) n)))
                .add("GET", hook + "/triggers", c -> withHook(c, h -> pages.page(new ArrayList<>(h.triggers.values()),
                        c.query(), SimWebhooks::json)))
                .add("POST", hook + "/triggers", c -> withHook(c, h -> createTrigger(c, h)))
                .add("DELETE", hook + "/triggers/{id}", c -> withHook(c, h -> h.triggers.remove(c.id(1)) == null
                        ? notFound("Trigger") : Reply.json(200, "{}")));
    }

    /** The hook a call's path names, to act on; a 404 when the company has none of that id. */
    private static Reply withHook(SimCall call, Function<Hook, Reply> action) {
        Hook h = call.company().hooks.get(call.id(0));
        return h == null ? notFound("Hook") : action.apply(h);
    }

    private List<JsonNode> deliveries(Hook h) {
        List<JsonNode> out = new ArrayList<>();
        hooks.deliveries(h.id).forEach(out::add);
        return out;
    }

    private Reply list(SimCall call) {
        String namespace = call.query().get("namespace");
        List<Hook> all = call.company().hooks.values().stream()
                .filter(h -> namespace == null || namespace.equals(h.namespace)).toList();
        return pages.page(new ArrayList<>(all), call.query(), SimWebhooks::json);
    }

    private Reply create(SimCall call) {
        Hook h = new Hook();
        Map<String, String> errors = fields(h, call.body().path("hook"), true);
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        h.id = state.nextHookId++;
        h.createdAt = h.updatedAt = call.now();
        call.company().hooks.put(h.id, h);
        return SimReplies.json(201, json(h));
    }

    private static Reply update(SimCall call, Hook h) {
        Map<String, String> errors = fields(h, call.body().path("hook"), false);
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        h.updatedAt = call.now();
        return SimReplies.json(200, json(h));
    }

    /** Reads a hook's fields into it; the URL must be http(s), the API version 2.0 or 3.0. */
    private static Map<String, String> fields(Hook h, JsonNode f, boolean creating) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (f.has("destination_url") || creating) {
            String url = SimFields.text(f, "destination_url");
            if (url == null || !url.matches("https?://[^\\s]+")) {
                errors.put("destination_url", "must be an http or https URL");
            } else {
                h.destinationUrl = url;
            }
        }
        if (f.has("api_version") || creating) {
            String version = f.path("api_version").asText("v2.0");
            if (!List.of("v2.0", "v3.0").contains(version)) {
                errors.put("api_version", "is not included in the list");
            } else {
                h.apiVersion = version;
            }
        }
        if (f.has("namespace") || creating) {
            h.namespace = SimFields.text(f, "namespace");
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
        return errors;
    }

    private Reply createTrigger(SimCall call, Hook h) {
        JsonNode f = call.body().path("trigger");
        String resource = SimFields.text(f, "resource_name");
        String event = SimFields.text(f, "event_type");
        Map<String, String> errors = new LinkedHashMap<>();
        if (resource == null || !RESOURCES.contains(resource)) {
            errors.put("resource_name", "is not included in the list");
        }
        if (event == null || !List.of("create", "update", "delete").contains(event)
                || SimProjects.RESOURCE.equals(resource) && "delete".equals(event)) {
            // each resource offers its own actions: a project is never deleted, so Projects offers no delete
            errors.put("event_type", "is not included in the list");
        }
        if (errors.isEmpty() && h.triggers.values().stream()
                .anyMatch(t -> t.resourceName.equals(resource) && t.eventType.equals(event))) {
            errors.put("event_type", "has already been taken");
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        Trigger t = new Trigger();
        t.id = state.nextTriggerId++;
        t.resourceName = resource;
        t.eventType = event;
        h.triggers.put(t.id, t);
        return SimReplies.json(201, json(t));
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
        o.put("event_type", t.eventType);
        return o;
    }
}
